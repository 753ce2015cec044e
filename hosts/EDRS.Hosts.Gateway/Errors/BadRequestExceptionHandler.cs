using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace EDRS.Hosts.Gateway.Errors;

/// <summary>
/// A body that is not JSON, or JSON of the wrong shape, is a 400 naming the field (from the JSON path),
/// never a 500.
/// </summary>
public sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
            return false;
        var json = FindJsonException(badRequest);
        var field = json?.Path is { Length: > 0 } path ? FieldOf(path) : "body";
        var message = json is null ? badRequest.Message : "is not valid JSON of the expected shape";
        httpContext.Response.StatusCode = badRequest.StatusCode;
        var details = badRequest.StatusCode == StatusCodes.Status400BadRequest
            ? new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The request is invalid.",
                Detail = $"{field}: {message}",
            }
            : new ProblemDetails { Status = badRequest.StatusCode, Title = "The request is invalid.", Detail = badRequest.Message };
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = details, Exception = exception })
            .ConfigureAwait(false);
    }

    private static JsonException? FindJsonException(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is JsonException json)
                return json;
        }
        return null;
    }

    /// <summary><c>$.skills[2]</c> → <c>skills[2]</c>; <c>$</c> → <c>body</c>.</summary>
    private static string FieldOf(string path) => path.TrimStart('$').TrimStart('.') is { Length: > 0 } field ? field : "body";
}
