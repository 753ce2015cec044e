using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace EDRS.Hosts.Gateway.Errors;

/// <summary>
/// REST bodies larger than <see cref="GatewayApiOptions.MaxRequestBodyBytes"/> get a 413 problem: at once when
/// Content-Length says so, and from the server while reading otherwise (chunked bodies). A route that takes larger
/// bodies (a document upload) says so with <see cref="IRequestSizeLimitMetadata"/>, and only it gets its own limit.
/// gRPC has its own message size limit.
/// </summary>
internal sealed class RequestBodyLimitMiddleware(RequestDelegate next, IOptions<GatewayApiOptions> options, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? options.Value.MaxRequestBodyBytes;
        if (Grpc.GrpcCalls.IsGrpc(context))
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        if (context.Request.ContentLength > limit)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status413PayloadTooLarge,
                    Title = "The request body is too large.",
                    Detail = $"Request bodies are limited to {limit} bytes.",
                },
            }).ConfigureAwait(false);
            return;
        }
        // Bodies without a length are cut off by the server while they are read (BadHttpRequestException 413).
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = limit;
        await next(context).ConfigureAwait(false);
    }
}
