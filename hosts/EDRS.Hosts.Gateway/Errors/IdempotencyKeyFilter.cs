using EDRS.Grains.Runtime;

namespace EDRS.Hosts.Gateway.Errors;

/// <summary>
/// An <c>Idempotency-Key</c> header that is present must be a valid request id, empty included: model
/// binding turns an empty header into "no key", which would silently drop the retry protection the client asked for.
/// </summary>
public sealed class IdempotencyKeyFilter : IEndpointFilter
{
    public const string Header = "Idempotency-Key";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var headers = context.HttpContext.Request.Headers;
        if (headers.TryGetValue(Header, out var values) && (values.Count != 1 || !GrainIds.IsRequestId(values[0])))
        {
            var description = $"must be one value of {GrainIds.RequestIdRule}";
            return ValueTask.FromResult<object?>(TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [Header] = [description] }, $"{Header}: {description}"));
        }
        return next(context);
    }
}
