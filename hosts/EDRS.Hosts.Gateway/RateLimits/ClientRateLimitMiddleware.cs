using EDRS.Hosts.Gateway.Auth;
using EDRS.Hosts.Gateway.Grpc;
using Grpc.Core;
using Microsoft.AspNetCore.Mvc;

namespace EDRS.Hosts.Gateway.RateLimits;

/// <summary>
/// Meters every call to a <see cref="ClientRateLimitedAttribute"/> endpoint made with a token: the headers on
/// every response, and over the limit 429 with <c>Retry-After</c> (gRPC: RESOURCE_EXHAUSTED). Runs after
/// authentication (the client comes from the token) and before authorization, so refused calls count too.
/// </summary>
internal sealed partial class ClientRateLimitMiddleware(RequestDelegate next, ClientRateLimiter limiter, IProblemDetailsService problems, ILogger<ClientRateLimitMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<ClientRateLimitedAttribute>() is null
            || context.User.SingleValue(GatewayClaims.ClientId) is not { } client)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        using var lease = limiter.Acquire(client, context.User.SingleValue(GatewayClaims.Tier));
        RateLimitHeaders.Apply(context.Response, lease);
        if (lease.Acquired)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        LogRejected(logger, client, lease.RefusedBy!, lease.RetryAfterSeconds);
        var grpc = GrpcCalls.IsGrpc(context);
        RateLimitHeaders.CountRejection(lease, grpc ? "grpc" : "http");
        var detail = lease.RefusedBy == RateLimitLease.ConcurrencyLimit
            ? $"Client {client} already has its tier's limit of calls in flight; retry in {lease.RetryAfterSeconds} s."
            : $"Client {client} is over its rate limit ({lease.Limit} requests per minute); retry in {lease.RetryAfterSeconds} s.";
        if (grpc)
        {
            await GrpcCalls.WriteStatusAsync(context, StatusCode.ResourceExhausted, detail).ConfigureAwait(false);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = StatusCodes.Status429TooManyRequests, Title = "Too many requests.", Detail = detail },
        }).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Client {ClientId} is over its {Limit} limit; told to retry in {RetryAfter} s")]
    private static partial void LogRejected(ILogger logger, string clientId, string limit, int retryAfter);
}
