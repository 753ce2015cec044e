using EDRS.Hosts.Gateway.Requests;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EDRS.Hosts.Gateway.Tests;

/// <summary>The Idempotency-Key check on its own, for headers the in-memory test server cannot carry (an empty value).</summary>
public sealed class IdempotencyKeyFilterTests
{
    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("has space")]
    public async Task A_present_but_malformed_key_is_refused_before_the_command_runs(string key)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers["Idempotency-Key"] = key;
        var ran = false;

        var result = await new IdempotencyKeyFilter().InvokeAsync(
            new DefaultEndpointFilterInvocationContext(context),
            _ =>
            {
                ran = true;
                return ValueTask.FromResult<object?>(TypedResults.Ok());
            });

        var problem = Assert.IsType<ValidationProblem>(result);
        Assert.Contains("Idempotency-Key", problem.ProblemDetails.Errors.Keys);
        Assert.False(ran);
    }

    [Fact]
    public async Task A_valid_key_or_no_key_lets_the_command_run()
    {
        foreach (var headers in new[] { new HeaderDictionary { ["Idempotency-Key"] = "retry-safe-1" }, new HeaderDictionary() })
        {
            var context = new DefaultHttpContext();
            foreach (var (name, value) in headers)
                context.Request.Headers[name] = value;

            var result = await new IdempotencyKeyFilter().InvokeAsync(
                new DefaultEndpointFilterInvocationContext(context),
                _ => ValueTask.FromResult<object?>("ran"));

            Assert.Equal("ran", result);
        }
    }
}
