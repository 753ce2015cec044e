using EDRS.Hosts.Gateway.Auth;
using EDRS.Hosts.Gateway.Errors;
using EDRS.Hosts.Gateway.RateLimits;

namespace EDRS.Hosts.Gateway.Requests;

/// <summary>
/// The route group every REST feature maps its endpoints on: one OpenAPI tag, callers with the <c>user</c> role at least
/// (endpoints that need <c>admin</c> say so), the per-client rate limit, grain errors as problem details, the
/// <c>Idempotency-Key</c> check on writes, and the 503/504 answers every cluster call may give.
/// </summary>
internal static class FeatureGroups
{
    /// <param name="app">Where the group is mapped.</param>
    /// <param name="prefix">The group's path, <c>/api/v1/…</c>.</param>
    /// <param name="tag">The OpenAPI tag of its operations.</param>
    /// <param name="fieldName">How a grain's field names read in this feature's REST bodies (none: as they are).</param>
    /// <param name="idempotencyKeys">False where requests carry their own idempotency (events have ids).</param>
    public static RouteGroupBuilder MapFeatureGroup(
        this IEndpointRouteBuilder app, string prefix, string tag, Func<string, string>? fieldName = null, bool idempotencyKeys = true)
    {
        var group = app.MapGroup(prefix)
            .WithTags(tag)
            .RequireAuthorization(GatewayPolicies.User)
            .WithMetadata(new ClientRateLimitedAttribute())
            .AddEndpointFilter(new GrainErrorFilter(fieldName));
        if (idempotencyKeys)
            group.AddEndpointFilter<IdempotencyKeyFilter>();
        group.ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ProducesProblem(StatusCodes.Status504GatewayTimeout);
        return group;
    }
}
