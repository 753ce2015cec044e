using Grpc.Core;

namespace EDRS.Hosts.Gateway.Errors;

/// <summary>Turns a failed grain call inside any endpoint of a group into problem details.</summary>
public sealed class GrainErrorFilter(Func<string, string>? fieldName = null) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (RpcException ex)
        {
            var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger<GrainErrorFilter>();
            return GrainProblems.From(ex, fieldName, logger);
        }
    }
}
