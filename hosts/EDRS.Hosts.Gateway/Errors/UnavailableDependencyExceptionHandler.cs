using EDRS.Persistence.Journal;
using Grpc.Core;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace EDRS.Hosts.Gateway.Errors;

/// <summary>
/// Endpoints that read the database themselves (an event's history, the persona directory) meet its failures as
/// exceptions: a 503 with the stable text of <see cref="ServerFailures"/>, the exception logged under the trace id —
/// never a 500, and never the driver's message (which names the server, the database and SQL states).
/// </summary>
public sealed partial class UnavailableDependencyExceptionHandler(IProblemDetailsService problems, ILogger<UnavailableDependencyExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsUnavailableDependency(exception))
            return false;
        LogUnavailable(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The service is unavailable; retry later.",
                Detail = ServerFailures.SafeDetail(StatusCode.Unavailable),
            },
        }).ConfigureAwait(false);
    }

    /// <summary>The database (directly, or behind the journal or Marten) could not be reached or did not answer.</summary>
    private static bool IsUnavailableDependency(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is NpgsqlException or JournalUnavailableException)
                return true;
        }
        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} failed: a dependency is unavailable")]
    private static partial void LogUnavailable(ILogger logger, Exception exception, string method, string path);
}
