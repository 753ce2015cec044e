using System.Text.Json;
using EDRS.Actors.Tools;
using EDRS.Actors.Workflows;
using EDRS.Grains.Contracts.Work;
using EDRS.Testing;
using EDRS.Testing.Cluster;
using EDRS.Testing.Http;
using Grpc.Core;
using static EDRS.Testing.Grains.Personas;

namespace EDRS.Actors.Tests.Workflows;

/// <summary>
/// Workflow templates and instances on real members and journal, with tools calling a real local HTTP server: steps run
/// in dependency order with inputs read by JSON path, tool calls carry a stable Idempotency-Key per logical attempt,
/// failed attempts are retried, and an instance re-activated on a new member continues without running a finished step again.
/// </summary>
public sealed class WorkflowGrainTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private Task<TestMember> StartMemberAsync() => TestMember.StartAsync(new MemberSpec { Journal = database.ConnectionString });

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    private static async Task<string> RegisterToolAsync(TestMember member, RecordingHttpServer server, string name)
    {
        await member.Grains.Tools(Tenant).RegisterToolAsync(new RegisterToolRequest
        {
            RequestId = NewRequestId(),
            Tool = new ToolDefinition { Name = name, Method = "POST", UrlTemplate = $"{server.BaseUrl}/{name}", TimeoutSeconds = 5 },
        });
        return name;
    }

    private static async Task<WorkflowView> StartAsync(TestMember member, string template, string definition, string input)
    {
        var registered = await member.Grains.WorkflowRegistry(Tenant).RegisterTemplateAsync(new RegisterTemplateRequest { RequestId = NewRequestId(), Name = template, Definition = definition });
        var id = Unique("wf");
        return await member.Grains.Workflow(Tenant, id).StartAsync(new StartWorkflowRequest
        {
            RequestId = NewRequestId(), WorkflowId = id, Template = template, TemplateVersion = registered.Version, Definition = registered.Definition, Input = input,
        });
    }

    private static Task<WorkflowView> UntilAsync(TestMember member, string workflowId, Func<WorkflowView, bool> done, string what) =>
        Eventually.ValueAsync(() => member.Grains.Workflow(Tenant, workflowId).GetWorkflowAsync(new GetWorkflowRequest()).ResponseAsync, done, what);

    private static WorkflowStepView Step(WorkflowView view, string id) => view.Steps.Single(s => s.StepId == id);

    [Fact]
    public async Task Tool_wait_signal_and_approval_steps_run_in_order_and_the_output_reads_their_results()
    {
        await using var member = await StartMemberAsync();
        await using var server = await RecordingHttpServer.StartAsync();
        server.Respond = r => new ScriptedResponse { Body = """{"ticket":"T-17"}""" };
        var tool = await RegisterToolAsync(member, server, Unique("crm"));
        var definition = $$$"""
            {"steps":[
              {"id":"lookup","kind":"tool","tool":"{{{tool}}}","input":{"customer":"$.input.customer"}},
              {"id":"pause","kind":"wait","seconds":0.2,"dependsOn":["lookup"]},
              {"id":"confirm","kind":"signal","signal":"confirmed","dependsOn":["pause"]},
              {"id":"review","kind":"approval","role":"admin","dependsOn":["confirm"]}],
             "output":{"ticket":"$.steps.lookup.output.body.ticket","note":"$.steps.confirm.output.note"}}
            """;

        var started = await StartAsync(member, Unique("support"), definition, """{"customer":"c-42"}""");
        var waiting = await UntilAsync(member, started.WorkflowId, v => Step(v, "confirm").Status == "running", "the signal step to wait");
        Assert.Equal("succeeded", Step(waiting, "pause").Status);

        var workflow = member.Grains.Workflow(Tenant, started.WorkflowId);
        await workflow.SignalAsync(new WorkflowSignalRequest { RequestId = NewRequestId(), Name = "confirmed", Payload = """{"note":"customer agreed"}""" });
        await UntilAsync(member, started.WorkflowId, v => Step(v, "review").Status == "running", "the approval step to wait");
        var refused = await Assert.ThrowsAsync<RpcException>(() => workflow.ApproveAsync(new WorkflowApprovalRequest
        {
            RequestId = NewRequestId(), StepId = "review", Approved = true, Approver = "bob", Roles = { "user" },
        }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        await workflow.ApproveAsync(new WorkflowApprovalRequest { RequestId = NewRequestId(), StepId = "review", Approved = true, Approver = "ann", Roles = { "admin" } });
        var done = await UntilAsync(member, started.WorkflowId, v => v.Status != "running", "the workflow to finish");

        Assert.Equal("completed", done.Status);
        Assert.Equal("""{"ticket":"T-17","note":"customer agreed"}""", done.Output);
        var call = Assert.Single(server.To($"/{tool}"));
        Assert.Equal($"wf:{Tenant}/{started.WorkflowId}/lookup/1", call.IdempotencyKey);
        Assert.Equal("c-42", JsonDocument.Parse(call.Body).RootElement.GetProperty("customer").GetString());
        Assert.Contains("\"approver\":\"ann\"", Step(done, "review").Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_tool_is_retried_with_a_new_idempotency_key_per_attempt_until_it_succeeds()
    {
        await using var member = await StartMemberAsync();
        await using var server = await RecordingHttpServer.StartAsync();
        var calls = 0;
        server.Respond = _ => Interlocked.Increment(ref calls) <= 2 ? new ScriptedResponse { Status = 503 } : new ScriptedResponse();
        var tool = await RegisterToolAsync(member, server, Unique("flaky"));
        var definition = $$$"""{"steps":[{"id":"call","kind":"tool","tool":"{{{tool}}}","retry":{"maxAttempts":4,"initialDelayMs":50,"maxDelayMs":200}}]}""";

        var started = await StartAsync(member, Unique("retrying"), definition, "");
        var done = await UntilAsync(member, started.WorkflowId, v => v.Status != "running", "the workflow to finish");

        Assert.Equal("completed", done.Status);
        Assert.Equal(3, Step(done, "call").Attempts);
        Assert.Equal(new[] { 1, 2, 3 }.Select(n => $"wf:{Tenant}/{started.WorkflowId}/call/{n}"), server.To($"/{tool}").Select(r => r.IdempotencyKey));
    }

    [Fact]
    public async Task A_tool_that_keeps_failing_fails_its_step_and_the_workflow_after_its_attempts()
    {
        await using var member = await StartMemberAsync();
        await using var server = await RecordingHttpServer.StartAsync();
        server.Respond = _ => new ScriptedResponse { Status = 500 };
        var tool = await RegisterToolAsync(member, server, Unique("down"));
        var definition = $$$"""
            {"steps":[{"id":"call","kind":"tool","tool":"{{{tool}}}","retry":{"maxAttempts":2,"initialDelayMs":10,"maxDelayMs":20}},
                      {"id":"after","kind":"wait","seconds":0,"dependsOn":["call"]}]}
            """;

        var started = await StartAsync(member, Unique("failing"), definition, "");
        var done = await UntilAsync(member, started.WorkflowId, v => v.Status != "running", "the workflow to finish");

        Assert.Equal(("failed", "failed", 2, "pending"), (done.Status, Step(done, "call").Status, Step(done, "call").Attempts, Step(done, "after").Status));
        Assert.Contains("answered 500", done.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_instance_resumes_on_a_new_member_from_its_journal_without_running_a_finished_step_again()
    {
        await using var server = await RecordingHttpServer.StartAsync();
        string workflowId, tool;
        await using (var first = await StartMemberAsync())
        {
            tool = await RegisterToolAsync(first, server, Unique("once"));
            var definition = $$$"""
                {"steps":[{"id":"effect","kind":"tool","tool":"{{{tool}}}"},
                          {"id":"go","kind":"signal","signal":"go","dependsOn":["effect"]},
                          {"id":"later","kind":"wait","seconds":0.3,"dependsOn":["go"]}]}
                """;
            workflowId = (await StartAsync(first, Unique("resume"), definition, "")).WorkflowId;
            await UntilAsync(first, workflowId, v => Step(v, "go").Status == "running", "the signal step to wait");
        }

        await using var second = await StartMemberAsync();
        await second.Grains.Workflow(Tenant, workflowId).SignalAsync(new WorkflowSignalRequest { RequestId = NewRequestId(), Name = "go" });
        var done = await UntilAsync(second, workflowId, v => v.Status != "running", "the workflow to finish on the new member");

        Assert.Equal("completed", done.Status);
        Assert.Equal(1, Step(done, "effect").Attempts);
        Assert.Single(server.To($"/{tool}"));
    }

    [Fact]
    public async Task A_timer_fires_on_a_new_member_after_the_one_that_set_it_stopped()
    {
        string workflowId;
        await using (var first = await StartMemberAsync())
        {
            workflowId = (await StartAsync(first, Unique("timer"), """{"steps":[{"id":"sleep","kind":"wait","seconds":1.5}]}""", "")).WorkflowId;
            await UntilAsync(first, workflowId, v => Step(v, "sleep").Status == "running", "the timer to be set");
        }

        await using var second = await StartMemberAsync();
        // Nobody calls the instance: the reminder service of the new member wakes it at its due time.
        var done = await Eventually.ValueAsync(
            () => database.EventTypesAsync($"workflow/{Tenant}/{workflowId}"),
            types => types.Contains("workflow_completed"), "the timer to fire on the new member");

        Assert.Equal(1, done.Count(t => t == "workflow_step_succeeded"));
    }

    [Fact]
    public async Task Templates_are_versioned_and_a_bad_one_is_refused_naming_the_step_and_field()
    {
        await using var member = await StartMemberAsync();
        var registry = member.Grains.WorkflowRegistry(Tenant);
        var name = Unique("tpl");
        var v1 = await registry.RegisterTemplateAsync(new RegisterTemplateRequest { RequestId = NewRequestId(), Name = name, Definition = """{"steps":[{"id":"a","kind":"wait","seconds":1}]}""" });
        var same = await registry.RegisterTemplateAsync(new RegisterTemplateRequest { RequestId = NewRequestId(), Name = name, Definition = """{"steps":[{"id":"a","kind":"wait","seconds":1}]}""" });
        var v2 = await registry.RegisterTemplateAsync(new RegisterTemplateRequest { RequestId = NewRequestId(), Name = name, Definition = """{"steps":[{"id":"a","kind":"wait","seconds":2}]}""" });
        var bad = await Assert.ThrowsAsync<RpcException>(() => registry.RegisterTemplateAsync(new RegisterTemplateRequest
        {
            RequestId = NewRequestId(), Name = name, Definition = """{"steps":[{"id":"a","kind":"wait","seconds":1,"dependsOn":["b"]}]}""",
        }).ResponseAsync);

        Assert.Equal((1L, 1L, 2L), (v1.Version, same.Version, v2.Version));
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        Assert.Contains("steps.a.dependsOn", bad.Status.Detail, StringComparison.Ordinal);
        var first = await registry.GetTemplateAsync(new GetTemplateRequest { Name = name, Version = 1 });
        Assert.Contains("\"seconds\":1", first.Definition, StringComparison.Ordinal);
        Assert.Equal(2, (await registry.GetTemplateAsync(new GetTemplateRequest { Name = name })).Version);
    }
}
