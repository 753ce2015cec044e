using EDRS.Grains.Contracts;
using EDRS.Grains.Runtime;
using EDRS.Hosts.Gateway.Errors;
using EDRS.Hosts.Gateway.Grpc;
using Google.Rpc;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace EDRS.Hosts.Gateway.Tests.Grpc;

/// <summary>A grain that sheds load (RESOURCE_EXHAUSTED with a retry-after hint) is a 429 with Retry-After over REST, RetryInfo over gRPC.</summary>
public sealed class LoadSheddingMappingTests
{
    private static RpcException Shed() => GrainFaults.ToRpcException(
        new GrainFault { Code = (int)StatusCode.ResourceExhausted, Message = "inference/default/0 has 64 requests waiting", RetryAfterMs = 2500 });

    [Fact]
    public async Task A_shed_grain_call_is_a_429_problem_with_Retry_After_in_whole_seconds()
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider() };
        context.Response.Body = new MemoryStream();

        await GrainProblems.From(Shed()).ExecuteAsync(context);

        Assert.Equal(StatusCodes.Status429TooManyRequests, context.Response.StatusCode);
        Assert.Equal("3", context.Response.Headers.RetryAfter.ToString());
    }

    [Fact]
    public void A_shed_grain_call_is_RESOURCE_EXHAUSTED_with_RetryInfo_for_gRPC_clients()
    {
        var status = GrainStatusMapping.ToClient(Shed()).GetRpcStatus();

        Assert.NotNull(status);
        Assert.Equal((int)StatusCode.ResourceExhausted, status.Code);
        var retry = status.GetDetail<RetryInfo>();
        Assert.NotNull(retry);
        Assert.Equal(TimeSpan.FromMilliseconds(2500), retry.RetryDelay.ToTimeSpan());
    }
}
