using EDRS.Hosts.Gateway.RateLimits;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace EDRS.Hosts.Gateway.OpenApi;

/// <summary>
/// Per operation: anonymous operations drop the default bearer requirement; authorized ones document 401/403
/// and which role they need; metered ones document 429 and the rate-limit headers on every response.
/// </summary>
internal sealed class GatewayOperationTransformer : IOpenApiOperationTransformer
{
    /// <summary>Parameters that recur across operations, described once.</summary>
    private static readonly Dictionary<string, string> ParameterDescriptions = new(StringComparer.Ordinal)
    {
        ["personaId"] = "The persona's id (letters, digits, '.', '_', '-'; at most 64), within the caller's tenant.",
        ["personId"] = "The id of the person the persona knows (letters, digits, '.', '_', '-'; at most 64).",
        ["factId"] = "The fact's id, a positive integer.",
        ["sessionId"] = "The session's id (letters, digits, '.', '_', '-'; at most 64), within the caller's tenant.",
        ["reason"] = "Why the fact is retracted (at most 500 characters).",
        ["Idempotency-Key"] = "Makes the command safe to retry: a repeat with the same key (1 to 100 printable ASCII characters, no spaces) has one effect and gets the first answer.",
    };

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            if (parameter.Description is null && parameter.Name is { } name && ParameterDescriptions.TryGetValue(name, out var description))
                parameter.Description = description;
        }
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var authorize = metadata.OfType<IAuthorizeData>().ToList();
        operation.Responses ??= [];
        if (authorize.Count == 0 || metadata.OfType<IAllowAnonymous>().Any())
        {
            operation.Security = [];
        }
        else
        {
            var policies = authorize.Select(a => a.Policy).OfType<string>().Distinct().ToList();
            var role = policies.Contains(Auth.GatewayPolicies.Admin) ? Auth.GatewayRoles.Admin : Auth.GatewayRoles.User;
            operation.Description = Append(operation.Description, $"Requires role `{role}`{(role == Auth.GatewayRoles.User ? " (or `admin`)" : "")}.");
            operation.Responses.TryAdd("401", Problem(context, "No valid bearer token: missing, expired, wrongly signed or for another audience."));
            operation.Responses.TryAdd("403", Problem(context, $"The token lacks the role `{role}`."));
        }
        if (metadata.OfType<ClientRateLimitedAttribute>().Any())
            operation.Responses.TryAdd("429", Problem(context, "Over the client's rate limit; retry after `Retry-After` seconds."));
        if (operation.RequestBody is not null)
        {
            operation.Responses.TryAdd("413", Problem(context, "The request body is larger than the limit (1 MiB by default)."));
            operation.Responses.TryAdd("415", Problem(context, "The request body is not of a supported media type."));
        }
        if (metadata.OfType<ClientRateLimitedAttribute>().Any() || operation.OperationId == "IssueToken")
        {
            foreach (var (status, response) in operation.Responses)
                AddRateLimitHeaders(status, response);
        }
        return Task.CompletedTask;
    }

    private static string Append(string? text, string sentence) => string.IsNullOrEmpty(text) ? sentence : $"{text}\n\n{sentence}";

    private static OpenApiResponse Problem(OpenApiOperationTransformerContext context, string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("ProblemDetails", context.Document) },
        },
    };

    private static void AddRateLimitHeaders(string status, IOpenApiResponse response)
    {
        if (response is not OpenApiResponse concrete)
            return;
        concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
        concrete.Headers.TryAdd(RateLimitHeaders.Limit, Header("Requests per minute of the client's tier."));
        concrete.Headers.TryAdd(RateLimitHeaders.Remaining, Header("Requests that may follow at once."));
        concrete.Headers.TryAdd(RateLimitHeaders.Reset, Header("Seconds until the allowance is full again."));
        if (status == "429")
            concrete.Headers.TryAdd("Retry-After", Header("Seconds to wait before retrying."));
    }

    private static OpenApiHeader Header(string description) => new()
    {
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
    };
}
