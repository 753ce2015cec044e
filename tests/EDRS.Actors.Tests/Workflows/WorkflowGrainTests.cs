using System.Collections.Concurrent;
using System.Text.Json;
using EDRS.Actors.Tasks;
using EDRS.Actors.WorkingMemory;
using EDRS.Actors.Tools;
using EDRS.Actors.Workflows;
using EDRS.Grains.Contracts.Events;
using EDRS.Grains.Contracts.Work;
using EDRS.Grains.Contracts.Memory;
using EDRS.Testing;
using EDRS.Testing.Cluster;
using EDRS.Testing.Http;
using EDRS.Testing.Models;
using Grpc.Core;
using Microsoft.Extensions.AI;
using static EDRS.Testing.Grains.Personas;

namespace EDRS.Actors.Tests.Workflows;

/// <summary>
/// Workflow templates and instances on real members and journal, with tools calling a real local HTTP server: steps run
/// in dependency order with inputs read by JSON path, tool calls carry a stable Idempotency-Key per logical attempt,
/// failed attempts are retried, and an instance re-activated on a new member continues without running a finished step again.
/// Persona steps ask a real persona through a scripted chat model (a double: <see cref="ScriptedChatClient"/>, with the tiny
/// model's real tokenizer); task steps wait for real tasks; pause, resume and retry-from-step are journaled.
/// </summary>
public sealed partial class WorkflowGrainTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private Task<TestMember> StartMemberAsync() => TestMember.StartAsync(new MemberSpec { Journal = database.ConnectionString });

    /// <summary>A chat model double that answers with <paramref name="replies"/> in turn, then the last one again.</summary>
    internal static ScriptedChatClient Scripted(params string[] replies)
    {
        var next = new ConcurrentQueue<string>(replies);
        return new ScriptedChatClient((_, _) => next.TryDequeue(out var reply) ? reply : replies[^1]);
    }

    /// <summary>A member whose chat model is <paramref name="model"/> (the tokenizer is the tiny model's own).</summary>
    private Task<TestMember> StartMemberAsync(ScriptedChatClient model) => StartMemberAsync(database.ConnectionString, model);

    /// <summary>A member on <paramref name="journal"/> whose chat model is <paramref name="model"/> (the tokenizer is the tiny model's own).</summary>
    internal static Task<TestMember> StartMemberAsync(string journal, ScriptedChatClient model) => TestMember.StartAsync(new MemberSpec
    {
        Journal = journal,
        Services = model.Register,
    });

    internal static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    internal static async Task<string> RegisterToolAsync(TestMember member, RecordingHttpServer server, string name)
    {
        await member.Grains.Tools(Tenant).RegisterToolAsync(new RegisterToolRequest
        {
            RequestId = NewRequestId(),
            Tool = new ToolDefinition { Name = name, Method = "POST", UrlTemplate = $"{server.BaseUrl}/{name}", TimeoutSeconds = 5 },
        });
        return name;
    }

    internal static async Task<WorkflowView> StartAsync(TestMember member, string template, string definition, string input)
    {
        var registered = await member.Grains.WorkflowRegistry(Tenant).RegisterTemplateAsync(new RegisterTemplateRequest { RequestId = NewRequestId(), Name = template, Definition = definition });
        var id = Unique("wf");
        return await member.Grains.Workflow(Tenant, id).StartAsync(new StartWorkflowRequest
        {
            RequestId = NewRequestId(), WorkflowId = id, Template = template, TemplateVersion = registered.Version, Definition = registered.Definition, Input = input,
        });
    }

    internal static Task<WorkflowView> UntilAsync(TestMember member, string workflowId, Func<WorkflowView, bool> done, string what, TimeSpan? within = null) =>
        Eventually.ValueAsync(() => member.Grains.Workflow(Tenant, workflowId).GetWorkflowAsync(new GetWorkflowRequest()).ResponseAsync, done, what, within);

    internal static WorkflowStepView Step(WorkflowView view, string id) => view.Steps.Single(s => s.StepId == id);

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
    public async Task A_call_an_open_circuit_kept_from_the_tool_keeps_its_attempt_and_key_and_goes_out_once_the_circuit_lets_it()
    {
        await using var member = await TestMember.StartAsync(new MemberSpec
        {
            Journal = database.ConnectionString,
            Settings = new Dictionary<string, string?>
            {
                ["Tools:BreakerMinimumThroughput"] = "2",
                ["Tools:BreakerBreakDuration"] = "00:00:01",
            },
        });
        await using var server = await RecordingHttpServer.StartAsync();
        var calls = 0;
        server.Respond = _ => Interlocked.Increment(ref calls) <= 2 ? new ScriptedResponse { Status = 503 } : new ScriptedResponse();
        var tool = await RegisterToolAsync(member, server, Unique("tripping"));
        // Two failed calls open the circuit; the third attempt finds it open: nothing is sent, so the attempt is not over.
        var definition = $$$"""{"steps":[{"id":"call","kind":"tool","tool":"{{{tool}}}","retry":{"maxAttempts":3,"initialDelayMs":10,"maxDelayMs":20}}]}""";

        var started = await StartAsync(member, Unique("circuit"), definition, "");
        var done = await UntilAsync(member, started.WorkflowId, v => v.Status != "running", "the workflow to finish");

        Assert.Equal(("completed", 3), (done.Status, Step(done, "call").Attempts));
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
    public async Task A_near_timer_fires_from_the_activation_while_its_reminder_stands_a_grace_later_as_the_backstop()
    {
        // The reminder table is polled once at start, then once a minute: it cannot be what wakes these timers in time.
        await using var member = await TestMember.StartAsync(new MemberSpec
        {
            Journal = database.ConnectionString,
            Settings = new Dictionary<string, string?> { ["Reminders:PollInterval"] = "00:01:00" },
        });
        var started = await StartAsync(member, Unique("near"),
            """{"steps":[{"id":"first","kind":"wait","seconds":2},{"id":"second","kind":"wait","seconds":0.3,"dependsOn":["first"]}]}""", "");
        var waiting = await UntilAsync(member, started.WorkflowId, v => Step(v, "first").Status == "running", "the first timer to be set");
        const string reminder = "select due_at from public.edrs_reminders where kind = 'workflow' and identity = $1";
        var backstop = await database.ScalarAsync<DateTime>(reminder, $"{Tenant}/{started.WorkflowId}");

        var done = await UntilAsync(member, started.WorkflowId, v => v.Status != "running", "both timers to fire", TimeSpan.FromSeconds(20));

        var due = Step(waiting, "first").DueAt.ToDateTimeOffset();
        Assert.InRange(new DateTimeOffset(backstop, TimeSpan.Zero) - due, WorkflowInstance.LocalTimerGrace - TimeSpan.FromMilliseconds(1),
            WorkflowInstance.LocalTimerGrace + TimeSpan.FromMilliseconds(1));
        Assert.Equal(("completed", "succeeded", "succeeded"), (done.Status, Step(done, "first").Status, Step(done, "second").Status));
        // The append that ended the run removed the backstop with it.
        Assert.Equal(0, await database.CountAsync("select count(*) from public.edrs_reminders where kind = 'workflow' and identity = $1", $"{Tenant}/{started.WorkflowId}"));
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

    [Fact]
    public async Task A_persona_step_asks_the_persona_with_its_working_memory_and_its_answer_is_the_step_output()
    {
        var model = Scripted("Dear Bob, your refund is on its way.");
        await using var member = await StartMemberAsync(model);
        var personaId = await member.HireAsync();
        await member.Grains.WorkingMemory(Tenant, personaId).RememberAsync(new RememberItemRequest { RequestId = NewRequestId(), Text = "refunds take 3 days" });
        var definition = $$$"""
            {"steps":[{"id":"draft","kind":"persona","persona":"{{{personaId}}}","prompt":"Draft a reply to {{$.input.customer}} about: {{$.input.subject}}"}],
             "output":"$.steps.draft.output.text"}
            """;

        var started = await StartAsync(member, Unique("draft"), definition, """{"customer":"Bob","subject":"where is my refund?"}""");
        var done = await UntilAsync(member, started.WorkflowId, v => v.Status != "running", "the workflow to finish");

        Assert.Equal("completed", done.Status);
        Assert.Equal("\"Dear Bob, your refund is on its way.\"", done.Output);
        var (messages, _) = Assert.Single(model.Calls);
        Assert.Equal("Draft a reply to Bob about: where is my refund?", messages[^1].Text);
        Assert.Contains("You are Ada", messages[0].Text, StringComparison.Ordinal);
        Assert.Contains("refunds take 3 days", messages[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_persona_answer_that_does_not_match_the_schema_is_a_failed_attempt_and_a_matching_one_is_the_output()
    {
        var model = Scripted("I think it is urgent", """{"priority":"urgent"}""", "```json\n" + """{"priority":"high","reason":"refund"}""" + "\n```");
        await using var member = await StartMemberAsync(model);
        var personaId = await member.HireAsync();
        var definition = $$$$"""
            {"steps":[{"id":"triage","kind":"persona","persona":"{{{{personaId}}}}","prompt":"Triage: {{$.input}}",
                       "schema":{"type":"object","required":["priority"],"properties":{"priority":{"enum":["low","high"]},"reason":{"type":"string"}}},
                       "retry":{"maxAttempts":3,"initialDelayMs":10,"maxDelayMs":20}}]}
            """;

        var started = await StartAsync(member, Unique("triage"), definition, """{"ticket":"refund late"}""");
        var done = await UntilAsync(member, started.WorkflowId, v => v.Status != "running", "the workflow to finish");

        Assert.Equal("completed", done.Status);
        Assert.Equal(3, Step(done, "triage").Attempts);
        Assert.Equal("high", JsonDocument.Parse(Step(done, "triage").Output).RootElement.GetProperty("priority").GetString());
        Assert.All(model.Calls, call => Assert.IsType<ChatResponseFormatJson>(call.Options?.ResponseFormat));
        Assert.Equal(3, (await database.EventTypesAsync($"workflow/{Tenant}/{started.WorkflowId}")).Count(t => t == "workflow_step_started"));
    }

    [Fact]
    public async Task A_persona_step_without_a_chat_model_fails_at_once_saying_no_generative_model_is_configured()
    {
        await using var member = await StartMemberAsync();
        var personaId = await member.HireAsync();
        var definition = $$$"""{"steps":[{"id":"ask","kind":"persona","persona":"{{{personaId}}}","prompt":"hello","retry":{"maxAttempts":5,"initialDelayMs":10,"maxDelayMs":20}}]}""";

        var started = await StartAsync(member, Unique("nomodel"), definition, "");
        var done = await UntilAsync(member, started.WorkflowId, v => v.Status != "running", "the workflow to finish");

        Assert.Equal(("failed", 1), (done.Status, Step(done, "ask").Attempts));
        Assert.Contains("no generative model configured", done.Error, StringComparison.Ordinal);
    }

    private async Task<(TestMember Member, string Skill)> TaskMemberAsync()
    {
        var member = await StartMemberAsync();
        var skill = Unique("skill");
        var personaId = NewId();
        await member.Persona(personaId).HireAsync(Hire(personaId, profile: Profile("Tess", skill)));
        return (member, skill);
    }

    private static string TaskDefinition(string skill) => $$$"""
        {"steps":[{"id":"work","kind":"task","input":{"goal":"$.input.goal","skills":["{{{skill}}}"],"priority":"high"}},
                  {"id":"after","kind":"wait","seconds":0,"dependsOn":["work"]}],
         "output":"$.steps.work.output.result"}
        """;

    private static async Task<TaskView> AssignedTaskAsync(TestMember member, string workflowId)
    {
        var waiting = await UntilAsync(member, workflowId, v => Step(v, "work").TaskId.Length > 0, "the task step to create its task");
        var taskId = Step(waiting, "work").TaskId;
        return await Eventually.ValueAsync(() => member.Grains.Task(Tenant, taskId).GetTaskAsync(new GetTaskRequest { TaskId = taskId }).ResponseAsync,
            t => t.Status == WorkTaskStatus.Assigned, "the task to be assigned");
    }

    [Fact]
    public async Task A_task_step_waits_for_its_task_and_the_workflow_completes_with_its_result_when_it_is_done()
    {
        var (member, skill) = await TaskMemberAsync();
        await using var _ = member;

        var started = await StartAsync(member, Unique("tasked"), TaskDefinition(skill), """{"goal":"refund order 42"}""");
        var task = await AssignedTaskAsync(member, started.WorkflowId);
        Assert.Equal(("refund order 42", EventPriority.High, $"workflow {started.WorkflowId}"), (task.Goal, task.Priority, task.Requester));
        Assert.Equal("running", Step(await member.Grains.Workflow(Tenant, started.WorkflowId).GetWorkflowAsync(new GetWorkflowRequest()), "work").Status);

        await member.Grains.Task(Tenant, task.TaskId).CompleteAsync(new CompleteTaskRequest { RequestId = NewRequestId(), TaskId = task.TaskId, Result = """{"refunded":42}""" });
        var done = await UntilAsync(member, started.WorkflowId, v => v.Status != "running", "the workflow to finish");

        Assert.Equal(("completed", """{"refunded":42}"""), (done.Status, done.Output));
    }

    [Fact]
    public async Task A_cancelled_task_fails_its_step_and_the_workflow()
    {
        var (member, skill) = await TaskMemberAsync();
        await using var _ = member;

        var started = await StartAsync(member, Unique("tasked"), TaskDefinition(skill), """{"goal":"refund order 43"}""");
        var task = await AssignedTaskAsync(member, started.WorkflowId);
        await member.Grains.Task(Tenant, task.TaskId).CancelAsync(new CancelTaskRequest { RequestId = NewRequestId(), TaskId = task.TaskId, Reason = "customer withdrew" });
        var done = await UntilAsync(member, started.WorkflowId, v => v.Status != "running", "the workflow to finish");

        Assert.Equal(("failed", "failed", "pending"), (done.Status, Step(done, "work").Status, Step(done, "after").Status));
        Assert.Contains("customer withdrew", done.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_paused_workflow_records_a_signal_but_starts_no_step_until_it_is_resumed()
    {
        await using var member = await StartMemberAsync();
        await using var server = await RecordingHttpServer.StartAsync();
        var tool = await RegisterToolAsync(member, server, Unique("after"));
        var definition = $$$"""
            {"steps":[{"id":"go","kind":"signal","signal":"go"},{"id":"act","kind":"tool","tool":"{{{tool}}}","dependsOn":["go"]}]}
            """;
        var started = await StartAsync(member, Unique("pausing"), definition, "");
        await UntilAsync(member, started.WorkflowId, v => Step(v, "go").Status == "running", "the signal step to wait");
        var workflow = member.Grains.Workflow(Tenant, started.WorkflowId);

        var paused = await workflow.PauseAsync(new PauseWorkflowRequest { RequestId = NewRequestId(), Reason = "audit" });
        var signalled = await workflow.SignalAsync(new WorkflowSignalRequest { RequestId = NewRequestId(), Name = "go" });
        var again = await Assert.ThrowsAsync<RpcException>(() => workflow.PauseAsync(new PauseWorkflowRequest { RequestId = NewRequestId() }).ResponseAsync);
        var advanced = await workflow.AdvanceAsync(new AdvanceWorkflowRequest());

        Assert.Equal("paused", paused.Status);
        Assert.Equal(("paused", "succeeded", "pending"), (signalled.Status, Step(signalled, "go").Status, Step(signalled, "act").Status));
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
        Assert.Contains("paused", again.Status.Detail, StringComparison.Ordinal);
        Assert.Equal("pending", Step(advanced, "act").Status);
        Assert.Empty(server.To($"/{tool}"));

        await workflow.ResumeAsync(new ResumeWorkflowRequest { RequestId = NewRequestId() });
        var done = await UntilAsync(member, started.WorkflowId, v => v.Status is not ("running" or "paused"), "the workflow to finish");

        Assert.Equal("completed", done.Status);
        Assert.Single(server.To($"/{tool}"));
        var types = await database.EventTypesAsync($"workflow/{Tenant}/{started.WorkflowId}");
        Assert.Equal(["workflow_paused", "workflow_resumed"], types.Where(t => t is "workflow_paused" or "workflow_resumed"));
    }

    [Fact]
    public async Task Retry_from_a_step_reruns_it_and_what_follows_with_new_attempt_numbers_but_not_what_came_before()
    {
        await using var member = await StartMemberAsync();
        await using var server = await RecordingHttpServer.StartAsync();
        var healthy = false;
        server.Respond = r => r.Path.EndsWith("-flaky", StringComparison.Ordinal) && !Volatile.Read(ref healthy) ? new ScriptedResponse { Status = 500 } : new ScriptedResponse();
        var before = await RegisterToolAsync(member, server, Unique("first"));
        var flaky = await RegisterToolAsync(member, server, Unique("x") + "-flaky");
        var after = await RegisterToolAsync(member, server, Unique("last"));
        var definition = $$$"""
            {"steps":[{"id":"a","kind":"tool","tool":"{{{before}}}"},
                      {"id":"b","kind":"tool","tool":"{{{flaky}}}","dependsOn":["a"],"retry":{"maxAttempts":2,"initialDelayMs":10,"maxDelayMs":20}},
                      {"id":"c","kind":"tool","tool":"{{{after}}}","dependsOn":["b"]}]}
            """;
        var started = await StartAsync(member, Unique("retry"), definition, "");
        var failed = await UntilAsync(member, started.WorkflowId, v => v.Status != "running", "the workflow to fail");
        Assert.Equal(("failed", 2), (failed.Status, Step(failed, "b").Attempts));
        var workflow = member.Grains.Workflow(Tenant, started.WorkflowId);
        var notFailedStep = await Assert.ThrowsAsync<RpcException>(() => workflow.RetryStepAsync(new RetryWorkflowStepRequest { RequestId = NewRequestId(), StepId = "c" }).ResponseAsync);

        Volatile.Write(ref healthy, true);
        await workflow.RetryStepAsync(new RetryWorkflowStepRequest { RequestId = NewRequestId(), StepId = "b" });
        var done = await UntilAsync(member, started.WorkflowId, v => v.Status != "running", "the workflow to finish after the retry");
        var completedAgain = await Assert.ThrowsAsync<RpcException>(() => workflow.RetryStepAsync(new RetryWorkflowStepRequest { RequestId = NewRequestId(), StepId = "b" }).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, notFailedStep.StatusCode);
        Assert.Equal("completed", done.Status);
        Assert.Equal((1, 3, 1), (Step(done, "a").Attempts, Step(done, "b").Attempts, Step(done, "c").Attempts));
        Assert.Single(server.To($"/{before}"));
        Assert.Equal(new[] { 1, 2, 3 }.Select(n => $"wf:{Tenant}/{started.WorkflowId}/b/{n}"), server.To($"/{flaky}").Select(r => r.IdempotencyKey));
        Assert.Equal(StatusCode.FailedPrecondition, completedAgain.StatusCode);
        Assert.Contains("completed", completedAgain.Status.Detail, StringComparison.Ordinal);
    }
}
