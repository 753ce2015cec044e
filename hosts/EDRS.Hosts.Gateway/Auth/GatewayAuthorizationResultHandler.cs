using EDRS.Hosts.Gateway.Grpc;
using Grpc.Core;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Mvc;

namespace EDRS.Hosts.Gateway.Auth;

/// <summary>
/// Refusals speak each edge's protocol: REST gets a 401 (with the bearer challenge) or 403 problem document
/// saying why; gRPC gets UNAUTHENTICATED or PERMISSION_DENIED.
/// </summary>
internal sealed partial class GatewayAuthorizationResultHandler(IProblemDetailsService problems, ILogger<GatewayAuthorizationResultHandler> logger)
    : IAuthorizationMiddlewareResultHandler
{
    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var challenged = authorizeResult.Challenged;
        var detail = challenged ? await AuthFailures.UnauthenticatedAsync(context).ConfigureAwait(false) : AuthFailures.Forbidden(policy);
        // The route template, not the path: paths carry ids of people, which stay out of logs.
        LogRefused(logger, context.GetEndpoint()?.DisplayName ?? context.Request.Method, challenged ? 401 : 403, detail);
        if (GrpcCalls.IsGrpc(context))
        {
            await GrpcCalls.WriteStatusAsync(context, challenged ? StatusCode.Unauthenticated : StatusCode.PermissionDenied, detail).ConfigureAwait(false);
            return;
        }

        if (challenged)
            await context.ChallengeAsync().ConfigureAwait(false); // 401 and WWW-Authenticate: Bearer ...
        else
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = context.Response.StatusCode,
                Title = challenged ? "Authentication is required." : "The token does not allow this operation.",
                Detail = detail,
            },
        }).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused {Endpoint} with {Status}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string endpoint, int status, string reason);
}
