using System.Diagnostics;
using EDRS.Grains.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace EDRS.Hosting.Observability;

/// <summary>
/// First in every pipeline (added by a startup filter): gives the request its id — the caller's <c>X-Request-Id</c>
/// when it is a sane token, otherwise ASP.NET Core's trace identifier — echoes it in the response, opens the log
/// scope that puts <c>request_id</c> and <c>client_id</c> on every line of the request, and hands the id to the
/// typed grain client through activity baggage so grain log lines carry it too.
/// </summary>
internal sealed partial class RequestLogScopeMiddleware(RequestDelegate next, ILoggerFactory loggers)
{
    /// <summary>The claim the authentication handler sets to the client (tenant) id.</summary>
    public const string ClientIdClaim = "client_id";

    public const string RequestIdHeader = "X-Request-Id";

    private readonly ILogger _logger = loggers.CreateLogger("EDRS.Requests");

    public async Task InvokeAsync(HttpContext context)
    {
        var requestId = context.Request.Headers[RequestIdHeader] is [{ } given] && GrainIds.IsRequestId(given)
            ? given
            : context.TraceIdentifier;
        context.Response.Headers[RequestIdHeader] = requestId;
        Activity.Current?.SetBaggage(GrainTracing.RequestIdBaggage, requestId);
        var started = Stopwatch.GetTimestamp();
        var scope = new HttpRequestLogScope(context, requestId);
        using (_logger.BeginScope(scope))
        {
            try
            {
                await next(context).ConfigureAwait(false);
            }
            finally
            {
                if (_logger.IsEnabled(LogLevel.Debug))
                {
                    // The route template, not the path: paths hold person ids.
                    var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
                    LogRequest(_logger, context.Request.Method, route, context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                scope.Complete();
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Method} {Route} answered {StatusCode} in {ElapsedMs} ms")]
    private static partial void LogRequest(ILogger logger, string method, string route, int statusCode, double elapsedMs);
}
