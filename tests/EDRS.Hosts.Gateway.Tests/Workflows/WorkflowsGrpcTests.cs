using EDRS.Grains.Contracts.Work;
using EDRS.Testing.Gateway;
using Grpc.Core;

namespace EDRS.Hosts.Gateway.Tests.Workflows;

/// <summary>Workflow runs over gRPC (<c>edrs.work.v1.WorkflowGrain</c>): started from the registry's definition, paused and resumed like over REST.</summary>
public sealed class WorkflowsGrpcTests(KestrelGateway gateway) : IClassFixture<KestrelGateway>
{
    private static string NewRequestId() => Guid.NewGuid().ToString("N");

    [Fact]
    public async Task A_run_starts_from_the_registered_definition_and_is_paused_and_resumed_over_grpc()
    {
        using var channel = gateway.OpenGrpcChannel();
        var invoker = await gateway.GrpcForAsync(channel, TestClients.Default);
        var registry = new WorkflowRegistryGrain.WorkflowRegistryGrainClient(invoker);
        var runs = new WorkflowGrain.WorkflowGrainClient(invoker);
        await registry.RegisterTemplateAsync(new RegisterTemplateRequest
        {
            RequestId = NewRequestId(), Name = "grpc-hold", Definition = """{"steps":[{"id":"hold","kind":"signal","signal":"go"}]}""",
        });
        var workflowId = $"wf-{NewRequestId()}"[..24];

        var started = await runs.StartAsync(new StartWorkflowRequest
        {
            RequestId = NewRequestId(), WorkflowId = workflowId, Template = "grpc-hold",
            Definition = """{"steps":[{"id":"sneaky","kind":"wait","seconds":0}]}""", // not the client's to choose
        });
        var paused = await runs.PauseAsync(new PauseWorkflowRequest { RequestId = NewRequestId(), WorkflowId = workflowId, Reason = "audit" });
        var again = await Assert.ThrowsAsync<RpcException>(() => runs.PauseAsync(new PauseWorkflowRequest { RequestId = NewRequestId(), WorkflowId = workflowId }).ResponseAsync);
        var resumed = await runs.ResumeAsync(new ResumeWorkflowRequest { RequestId = NewRequestId(), WorkflowId = workflowId });
        var notFailed = await Assert.ThrowsAsync<RpcException>(() => runs.RetryStepAsync(new RetryWorkflowStepRequest
        {
            RequestId = NewRequestId(), WorkflowId = workflowId, StepId = "hold",
        }).ResponseAsync);

        Assert.Equal(["hold"], started.Steps.Select(s => s.StepId));
        Assert.Equal(("paused", "running"), (paused.Status, resumed.Status));
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
        Assert.Contains("paused", again.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.FailedPrecondition, notFailed.StatusCode);
        Assert.Contains("running", notFailed.Status.Detail, StringComparison.Ordinal);
    }
}
