using System.Globalization;

namespace EDRS.Hosts.Gateway.Errors;

/// <summary>A problem response that also tells the client when to retry (HTTP <c>Retry-After</c>, whole seconds).</summary>
public sealed class RetryAfterResult(IResult problem, TimeSpan retryAfter) : IResult
{
    public IResult Problem { get; } = problem;

    public TimeSpan RetryAfter { get; } = retryAfter;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return Problem.ExecuteAsync(httpContext);
    }
}
