using EDRS.Grains.Runtime;

namespace EDRS.Hosts.Gateway.Requests;

/// <summary>
/// The one check of the <c>Idempotency-Key</c> header: present means one valid request id, empty included (model binding
/// turns an empty header into "no key", which would silently drop the retry protection the client asked for). Handlers
/// behind it take the key as it is (<see cref="TenantCommand.RequestId"/>).
/// </summary>
public sealed class IdempotencyKeyFilter : IEndpointFilter
{
    public const string Header = "Idempotency-Key";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var headers = context.HttpContext.Request.Headers;
        if (headers.TryGetValue(Header, out var values) && (values.Count != 1 || !GrainIds.IsRequestId(values[0])))
            return ValueTask.FromResult<object?>(RequestValidation.Invalid(Header, $"must be one value of {GrainIds.RequestIdRule}"));
        return next(context);
    }
}
