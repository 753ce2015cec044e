using System.Text.Json;
using EDRS.Actors.Workflows;
using EDRS.Grains.Contracts.Work;
using EDRS.Testing;
using EDRS.Testing.Cluster;
using EDRS.Testing.Http;
using Grpc.Core;
using static EDRS.Actors.Tests.Workflows.WorkflowGrainTests;
using static EDRS.Testing.Grains.Personas;

namespace EDRS.Actors.Tests.Workflows;

/// <summary>
/// Compensation (the saga) on real members and journal, with tools calling a real local HTTP server that records the order
/// of the calls: a run that fails for good or is cancelled undoes its succeeded steps in reverse order, each compensation
/// journaled, retried by its policy and keyed <c>wf:{tenant}/{id}/{step}/compensate/{attempt}</c>, before it ends.
/// </summary>
public sealed class WorkflowCompensationTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private Task<TestMember> StartMemberAsync() => TestMember.StartAsync(new MemberSpec { Journal = database.ConnectionString });

    private static string Key(string workflowId, string stepId, int attempt) => $"wf:{Tenant}/{workflowId}/{stepId}/compensate/{attempt}";

    /// <summary>Steps a and b succeed, each undone by <paramref name="undoA"/> / <paramref name="undoB"/>; step c fails at once.</summary>
    private static string ThreeSteps(string work, string undoA, string undoB, string failing, string undoBRetry = "") => $$$$"""
        {"steps":[
          {"id":"a","kind":"tool","tool":"{{{{work}}}}","input":{"n":1},
           "compensate":{"kind":"tool","tool":"{{{{undoA}}}}","input":{"undo":"a","done":"$.steps.a.output.body.n","why":"$.error","order":"$.input.order"},
                         "retry":{"maxAttempts":3,"initialDelayMs":3000,"maxDelayMs":3000,"jitter":"none"}}},
          {"id":"b","kind":"tool","tool":"{{{{work}}}}","dependsOn":["a"],"input":{"n":2},
           "compensate":{"kind":"tool","tool":"{{{{undoB}}}}","input":{"undo":"b"}{{{{undoBRetry}}}}}},
          {"id":"c","kind":"tool","tool":"{{{{failing}}}}","dependsOn":["b"],"retry":{"maxAttempts":1},
           "compensate":{"kind":"tool","tool":"{{{{undoA}}}}","input":{"undo":"c"}}}]}
        """;

    private static async Task<(string Work, string UndoA, string UndoB, string Failing)> ToolsAsync(TestMember member, RecordingHttpServer server) => (
        await RegisterToolAsync(member, server, Unique("work")), await RegisterToolAsync(member, server, Unique("undoa")),
        await RegisterToolAsync(member, server, Unique("undob")), await RegisterToolAsync(member, server, Unique("fail")));

    private static ScriptedResponse Answer(RecordedRequest request, string failing) => request.Path == $"/{failing}"
        ? new ScriptedResponse { Status = 500, Body = """{"error":"out of stock"}""" }
        : new ScriptedResponse { Body = request.Body.Length > 0 ? request.Body : "{}" };

    [Fact]
    public async Task A_failed_third_step_undoes_the_second_then_the_first_and_the_run_ends_failed_showing_each_compensation()
    {
        await using var member = await StartMemberAsync();
        await using var server = await RecordingHttpServer.StartAsync();
        var (work, undoA, undoB, failing) = await ToolsAsync(member, server);
        server.Respond = r => Answer(r, failing);

        var started = await StartAsync(member, Unique("saga"), ThreeSteps(work, undoA, undoB, failing), """{"order":"o-7"}""");
        var done = await UntilAsync(member, started.WorkflowId, v => v.Status is not ("running" or "compensating"), "the workflow to end");

        Assert.Equal("failed", done.Status);
        Assert.StartsWith("step c failed", done.Error, StringComparison.Ordinal);
        Assert.Equal([$"/{work}", $"/{work}", $"/{failing}", $"/{undoB}", $"/{undoA}"], server.Requests.Select(r => r.Path));
        Assert.Equal([Key(started.WorkflowId, "b", 1), Key(started.WorkflowId, "a", 1)], server.Requests.Skip(3).Select(r => r.IdempotencyKey));
        var undone = JsonDocument.Parse(server.To($"/{undoA}")[0].Body).RootElement;
        Assert.Equal(("a", 1, "o-7"), (undone.GetProperty("undo").GetString(), undone.GetProperty("done").GetInt32(), undone.GetProperty("order").GetString()));
        Assert.StartsWith("step c failed", undone.GetProperty("why").GetString(), StringComparison.Ordinal);
        Assert.Equal(("succeeded", 1), (Step(done, "a").CompensationStatus, Step(done, "a").CompensationAttempts));
        Assert.Equal(("succeeded", 1), (Step(done, "b").CompensationStatus, Step(done, "b").CompensationAttempts));
        Assert.Contains("\"undo\":\"b\"", Step(done, "b").CompensationOutput, StringComparison.Ordinal);
        Assert.Equal(("failed", ""), (Step(done, "c").Status, Step(done, "c").CompensationStatus)); // never succeeded: nothing to undo
        var types = await database.EventTypesAsync($"workflow/{Tenant}/{started.WorkflowId}");
        Assert.Equal(["workflow_step_failed", "workflow_compensating", "workflow_compensation_started", "workflow_compensation_succeeded",
            "workflow_compensation_started", "workflow_compensation_succeeded", "workflow_failed"], types.SkipWhile(t => t != "workflow_step_failed"));

        var retried = await Assert.ThrowsAsync<RpcException>(() => member.Grains.Workflow(Tenant, started.WorkflowId)
            .RetryStepAsync(new RetryWorkflowStepRequest { RequestId = NewRequestId(), StepId = "c" }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, retried.StatusCode);
        Assert.Contains("was compensated", retried.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_compensation_is_retried_then_recorded_and_the_next_compensation_still_runs()
    {
        await using var member = await StartMemberAsync();
        await using var server = await RecordingHttpServer.StartAsync();
        var (work, undoA, undoB, failing) = await ToolsAsync(member, server);
        server.Respond = r => r.Path == $"/{undoB}" ? new ScriptedResponse { Status = 503, Body = """{"error":"ledger closed"}""" } : Answer(r, failing);
        var definition = ThreeSteps(work, undoA, undoB, failing, undoBRetry: ""","retry":{"maxAttempts":2,"initialDelayMs":10,"maxDelayMs":20}""");

        var started = await StartAsync(member, Unique("saga"), definition, "{}");
        var done = await UntilAsync(member, started.WorkflowId, v => v.Status is not ("running" or "compensating"), "the workflow to end");

        Assert.Equal("failed", done.Status);
        Assert.Equal([Key(started.WorkflowId, "b", 1), Key(started.WorkflowId, "b", 2)], server.To($"/{undoB}").Select(r => r.IdempotencyKey));
        Assert.Equal([Key(started.WorkflowId, "a", 1)], server.To($"/{undoA}").Select(r => r.IdempotencyKey));
        Assert.Equal(("failed", 2), (Step(done, "b").CompensationStatus, Step(done, "b").CompensationAttempts));
        Assert.NotEmpty(Step(done, "b").CompensationError);
        Assert.Equal("succeeded", Step(done, "a").CompensationStatus);
        Assert.Contains("compensation failed for step b", done.Error, StringComparison.Ordinal);
        var types = await database.EventTypesAsync($"workflow/{Tenant}/{started.WorkflowId}");
        Assert.Equal(1, types.Count(t => t == "workflow_compensation_attempt_failed"));
        Assert.Equal(1, types.Count(t => t == "workflow_compensation_failed"));
    }

    [Fact]
    public async Task A_cancelled_run_compensates_its_succeeded_steps_cannot_be_cancelled_again_meanwhile_and_can_be_paused()
    {
        await using var member = await StartMemberAsync();
        await using var server = await RecordingHttpServer.StartAsync();
        var healthy = false;
        var work = await RegisterToolAsync(member, server, Unique("book"));
        var undo = await RegisterToolAsync(member, server, Unique("unbook"));
        server.Respond = r => r.Path == $"/{undo}" && !Volatile.Read(ref healthy) ? new ScriptedResponse { Status = 503 } : new ScriptedResponse();
        var definition = $$$$"""
            {"steps":[{"id":"book","kind":"tool","tool":"{{{{work}}}}",
                       "compensate":{"kind":"tool","tool":"{{{{undo}}}}","input":{"why":"$.error"},"retry":{"maxAttempts":20,"initialDelayMs":1000,"maxDelayMs":1000,"jitter":"none"}}},
                      {"id":"confirm","kind":"signal","signal":"go","dependsOn":["book"]}]}
            """;
        var started = await StartAsync(member, Unique("cancel"), definition, "");
        await UntilAsync(member, started.WorkflowId, v => Step(v, "confirm").Status == "running", "the signal step to wait");
        var workflow = member.Grains.Workflow(Tenant, started.WorkflowId);

        var cancelled = await workflow.CancelAsync(new CancelWorkflowRequest { RequestId = NewRequestId(), Reason = "customer withdrew" });
        await Eventually.TrueAsync(() => server.To($"/{undo}").Count >= 1, "the compensation's first attempt");
        var again = await Assert.ThrowsAsync<RpcException>(() => workflow.CancelAsync(new CancelWorkflowRequest { RequestId = NewRequestId() }).ResponseAsync);
        var paused = await workflow.PauseAsync(new PauseWorkflowRequest { RequestId = NewRequestId(), Reason = "audit" });
        var tried = server.To($"/{undo}").Count;
        var stillPaused = await workflow.AdvanceAsync(new AdvanceWorkflowRequest());

        Assert.Equal(("compensating", "cancelled"), (cancelled.Status, Step(cancelled, "confirm").Status));
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
        Assert.Contains("compensates its steps", again.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(("paused", "paused"), (paused.Status, stillPaused.Status));
        Assert.Equal(tried, server.To($"/{undo}").Count);

        Volatile.Write(ref healthy, true);
        var resumed = await workflow.ResumeAsync(new ResumeWorkflowRequest { RequestId = NewRequestId() });
        var done = await UntilAsync(member, started.WorkflowId, v => v.Status is not ("compensating" or "paused"), "the workflow to end");

        Assert.Equal("compensating", resumed.Status);
        Assert.Equal(("cancelled", "customer withdrew"), (done.Status, done.Error));
        Assert.Equal("succeeded", Step(done, "book").CompensationStatus);
        var calls = server.To($"/{undo}");
        Assert.Equal(Enumerable.Range(1, calls.Count).Select(n => Key(started.WorkflowId, "book", n)), calls.Select(r => r.IdempotencyKey));
        Assert.Equal("customer withdrew", JsonDocument.Parse(calls[^1].Body).RootElement.GetProperty("why").GetString());
        Assert.Equal(1, (await database.EventTypesAsync($"workflow/{Tenant}/{started.WorkflowId}")).Count(t => t == "workflow_cancelled"));
    }

    [Fact]
    public async Task A_member_restart_mid_compensation_resumes_without_repeating_a_finished_compensation()
    {
        await using var server = await RecordingHttpServer.StartAsync();
        string workflowId, undoA, undoB;
        await using (var first = await StartMemberAsync())
        {
            var tools = await ToolsAsync(first, server);
            (undoA, undoB) = (tools.UndoA, tools.UndoB);
            var firstUndoA = 0;
            server.Respond = r => r.Path == $"/{tools.UndoA}" && Interlocked.Increment(ref firstUndoA) == 1
                ? new ScriptedResponse { Status = 503 }
                : Answer(r, tools.Failing);
            workflowId = (await StartAsync(first, Unique("saga"), ThreeSteps(tools.Work, tools.UndoA, tools.UndoB, tools.Failing), "{}")).WorkflowId;
            // b is undone; a's compensation waits 3 s for its second attempt, and the member stops meanwhile.
            await UntilAsync(first, workflowId, v => Step(v, "a").CompensationStatus == "retrying", "the first compensation attempt of a to fail");
        }

        await using var second = await StartMemberAsync();
        // Nobody calls the instance: the reminder wakes it on the new member at the retry's due time.
        var types = await Eventually.ValueAsync(() => database.EventTypesAsync($"workflow/{Tenant}/{workflowId}"),
            t => t.Contains("workflow_failed"), "the compensation to resume on the new member");
        var done = await second.Grains.Workflow(Tenant, workflowId).GetWorkflowAsync(new GetWorkflowRequest());

        Assert.Equal([Key(workflowId, "b", 1)], server.To($"/{undoB}").Select(r => r.IdempotencyKey));
        Assert.Equal([Key(workflowId, "a", 1), Key(workflowId, "a", 2)], server.To($"/{undoA}").Select(r => r.IdempotencyKey));
        Assert.Equal(2, types.Count(t => t == "workflow_compensation_succeeded"));
        Assert.Equal(("failed", "succeeded", 2), (done.Status, Step(done, "a").CompensationStatus, Step(done, "a").CompensationAttempts));
    }

    [Fact]
    public async Task A_persona_compensation_asks_the_persona_with_the_steps_output_and_why_the_run_is_undone()
    {
        var model = Scripted("Sorry Bob, we cancelled your booking.");
        await using var member = await WorkflowGrainTests.StartMemberAsync(database.ConnectionString, model);
        await using var server = await RecordingHttpServer.StartAsync();
        var book = await RegisterToolAsync(member, server, Unique("book"));
        var failing = await RegisterToolAsync(member, server, Unique("fail"));
        server.Respond = r => r.Path == $"/{failing}" ? new ScriptedResponse { Status = 500 } : new ScriptedResponse { Body = """{"room":"12"}""" };
        var personaId = await member.HireAsync();
        var definition = $$$"""
            {"steps":[{"id":"book","kind":"tool","tool":"{{{book}}}",
                       "compensate":{"kind":"persona","persona":"{{{personaId}}}","prompt":"Tell {{$.input.customer}} room {{$.steps.book.output.body.room}} is released: {{$.error}}"}},
                      {"id":"pay","kind":"tool","tool":"{{{failing}}}","dependsOn":["book"],"retry":{"maxAttempts":1}}]}
            """;

        var started = await StartAsync(member, Unique("persona"), definition, """{"customer":"Bob"}""");
        var done = await UntilAsync(member, started.WorkflowId, v => v.Status is not ("running" or "compensating"), "the workflow to end");

        Assert.Equal(("failed", "succeeded"), (done.Status, Step(done, "book").CompensationStatus));
        Assert.Equal("Sorry Bob, we cancelled your booking.", JsonDocument.Parse(Step(done, "book").CompensationOutput).RootElement.GetProperty("text").GetString());
        var (messages, _) = Assert.Single(model.Calls);
        Assert.StartsWith("Tell Bob room 12 is released: step pay failed", messages[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_whose_succeeded_steps_have_no_compensation_fails_at_once_as_before_and_may_be_retried()
    {
        await using var member = await StartMemberAsync();
        await using var server = await RecordingHttpServer.StartAsync();
        var work = await RegisterToolAsync(member, server, Unique("plain"));
        var failing = await RegisterToolAsync(member, server, Unique("fail"));
        var undo = await RegisterToolAsync(member, server, Unique("undo"));
        server.Respond = r => Answer(r, failing);
        var definition = $$$"""
            {"steps":[{"id":"a","kind":"tool","tool":"{{{work}}}"},
                      {"id":"b","kind":"tool","tool":"{{{failing}}}","dependsOn":["a"],"retry":{"maxAttempts":1},"compensate":{"kind":"tool","tool":"{{{undo}}}"}}]}
            """;

        var started = await StartAsync(member, Unique("plain"), definition, "");
        var done = await UntilAsync(member, started.WorkflowId, v => v.Status != "running", "the workflow to end");
        var retried = await member.Grains.Workflow(Tenant, started.WorkflowId).RetryStepAsync(new RetryWorkflowStepRequest { RequestId = NewRequestId(), StepId = "b" });

        Assert.Equal("failed", done.Status);
        Assert.All(done.Steps, s => Assert.Equal("", s.CompensationStatus));
        Assert.Empty(server.To($"/{undo}"));
        Assert.DoesNotContain(await database.EventTypesAsync($"workflow/{Tenant}/{started.WorkflowId}"), t => t.Contains("compensat", StringComparison.Ordinal));
        Assert.Equal("running", retried.Status);
    }
}
