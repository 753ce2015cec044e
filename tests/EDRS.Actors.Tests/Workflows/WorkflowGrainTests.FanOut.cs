using System.Text.Json;
using EDRS.Actors.Tasks;
using EDRS.Actors.Workflows;
using EDRS.Grains.Contracts.Events;
using EDRS.Grains.Contracts.Work;
using EDRS.Testing;
using EDRS.Testing.Cluster;
using EDRS.Testing.Http;
using static EDRS.Testing.Grains.Personas;

namespace EDRS.Actors.Tests.Workflows;

/// <summary>
/// <c>map</c> and <c>decompose</c> steps on real members and journal: a map calls its tool once per item with a key per item
/// and attempt, keeps its outputs in list order, fails with its first item that fails for good, and resumes on a new
/// member without running a finished item again; a decomposition's subtasks (listed, or planned by a persona through the
/// scripted chat double) become real tasks whose outcomes the step waits for.
/// </summary>
public sealed partial class WorkflowGrainTests
{
    private static WorkflowStepItemView Item(WorkflowView view, string stepId, int index) => Step(view, stepId).Items.Single(i => i.Index == index);

    /// <summary>The tasks of <paramref name="stepId"/>'s items once every item has its task, each assigned to its persona (or done already).</summary>
    private static async Task<IReadOnlyList<TaskView>> ItemTasksAsync(TestMember member, string workflowId, string stepId, int count)
    {
        var waiting = await UntilAsync(member, workflowId, v => Step(v, stepId).Items.Count == count && Step(v, stepId).Items.All(i => i.TaskId.Length > 0),
            $"the {count} items of step {stepId} to create their tasks");
        var tasks = new List<TaskView>();
        foreach (var item in Step(waiting, stepId).Items)
        {
            tasks.Add(await Eventually.ValueAsync(() => member.Grains.Task(Tenant, item.TaskId).GetTaskAsync(new GetTaskRequest { TaskId = item.TaskId }).ResponseAsync,
                t => t.Status is WorkTaskStatus.Assigned or WorkTaskStatus.Done, $"task {item.TaskId} to be assigned"));
        }
        return tasks;
    }

    private static Task CompleteAsync(TestMember member, TaskView task, string result) =>
        member.Grains.Task(Tenant, task.TaskId).CompleteAsync(new CompleteTaskRequest { RequestId = NewRequestId(), TaskId = task.TaskId, Result = result }).ResponseAsync;

    [Fact]
    public async Task A_map_calls_its_tool_once_per_item_with_a_key_per_item_and_its_output_lists_the_item_outputs_in_order()
    {
        await using var member = await StartMemberAsync();
        await using var server = await RecordingHttpServer.StartAsync();
        server.Respond = r => new ScriptedResponse { Body = JsonSerializer.Serialize(new { greeted = JsonDocument.Parse(r.Body).RootElement.GetProperty("name").GetString() }) };
        var tool = await RegisterToolAsync(member, server, Unique("greet"));
        var definition = $$$$"""
            {"steps":[{"id":"greet","kind":"map","over":"$.input.people","each":{"kind":"tool","tool":"{{{{tool}}}}","input":{"name":"$.item.name","n":"$.index"}}}],
             "output":"$.steps.greet.output"}
            """;

        var started = await StartAsync(member, Unique("mapped"), definition, """{"people":[{"name":"ann"},{"name":"bob"},{"name":"cy"}]}""");
        var done = await UntilAsync(member, started.WorkflowId, v => v.Status != "running", "the workflow to finish");

        Assert.Equal("completed", done.Status);
        Assert.Equal(["ann", "bob", "cy"], JsonDocument.Parse(done.Output).RootElement.EnumerateArray().Select(o => o.GetProperty("body").GetProperty("greeted").GetString()));
        Assert.All(Step(done, "greet").Items, i => Assert.Equal(("succeeded", 1), (i.Status, i.Attempts)));
        var calls = server.To($"/{tool}");
        Assert.Equal(Enumerable.Range(0, 3).Select(i => $"wf:{Tenant}/{started.WorkflowId}/greet[{i}]/1").Order(), calls.Select(c => c.IdempotencyKey!).Order());
        Assert.All(calls, c => Assert.EndsWith($"/greet[{JsonDocument.Parse(c.Body).RootElement.GetProperty("n").GetInt32()}]/1", c.IdempotencyKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_map_item_that_fails_for_good_fails_the_step_and_the_workflow_after_its_own_attempts()
    {
        await using var member = await StartMemberAsync();
        await using var server = await RecordingHttpServer.StartAsync();
        server.Respond = r => r.Body.Contains("\"bad\"", StringComparison.Ordinal) ? new ScriptedResponse { Status = 503 } : new ScriptedResponse();
        var tool = await RegisterToolAsync(member, server, Unique("check"));
        var definition = $$$"""
            {"steps":[{"id":"check","kind":"map","over":"$.input.names","each":{"kind":"tool","tool":"{{{tool}}}","input":{"name":"$.item"}},
                       "retry":{"maxAttempts":2,"initialDelayMs":10,"maxDelayMs":20}},
                      {"id":"after","kind":"wait","seconds":0,"dependsOn":["check"]}]}
            """;

        var started = await StartAsync(member, Unique("mapfail"), definition, """{"names":["good","bad","fine"]}""");
        var done = await UntilAsync(member, started.WorkflowId, v => v.Status != "running", "the workflow to finish");

        Assert.Equal(("failed", "failed", "pending"), (done.Status, Step(done, "check").Status, Step(done, "after").Status));
        Assert.Contains("item 1 failed", done.Error, StringComparison.Ordinal);
        Assert.Equal(("failed", 2), (Item(done, "check", 1).Status, Item(done, "check", 1).Attempts));
        Assert.Equal([$"wf:{Tenant}/{started.WorkflowId}/check[1]/1", $"wf:{Tenant}/{started.WorkflowId}/check[1]/2"],
            server.To($"/{tool}").Where(c => c.Body.Contains("\"bad\"", StringComparison.Ordinal)).Select(c => c.IdempotencyKey));
    }

    [Fact]
    public async Task A_failed_map_retried_from_its_step_runs_its_items_again_with_new_attempt_numbers_and_keys()
    {
        await using var member = await StartMemberAsync();
        await using var server = await RecordingHttpServer.StartAsync();
        var broken = true;
        server.Respond = r => Volatile.Read(ref broken) && r.Body.Contains("\"b\"", StringComparison.Ordinal) ? new ScriptedResponse { Status = 503 } : new ScriptedResponse();
        var tool = await RegisterToolAsync(member, server, Unique("again"));
        var definition = $$$"""
            {"steps":[{"id":"each","kind":"map","over":"$.input.names","each":{"kind":"tool","tool":"{{{tool}}}","input":{"name":"$.item"}},"retry":{"maxAttempts":1}}]}
            """;
        var started = await StartAsync(member, Unique("mapretry"), definition, """{"names":["a","b"]}""");
        var failed = await UntilAsync(member, started.WorkflowId, v => v.Status != "running", "the workflow to fail");
        Assert.Equal("failed", failed.Status);

        Volatile.Write(ref broken, false);
        await member.Grains.Workflow(Tenant, started.WorkflowId).RetryStepAsync(new RetryWorkflowStepRequest { RequestId = NewRequestId(), StepId = "each" });
        var done = await UntilAsync(member, started.WorkflowId, v => v.Status != "running", "the retried workflow to finish");

        Assert.Equal("completed", done.Status);
        Assert.All(Step(done, "each").Items, i => Assert.Equal(("succeeded", 2), (i.Status, i.Attempts)));
        var keys = server.To($"/{tool}").Select(c => c.IdempotencyKey!).ToList();
        Assert.Contains($"wf:{Tenant}/{started.WorkflowId}/each[1]/1", keys);
        Assert.Contains($"wf:{Tenant}/{started.WorkflowId}/each[0]/2", keys);
        Assert.Contains($"wf:{Tenant}/{started.WorkflowId}/each[1]/2", keys);
    }

    [Fact]
    public async Task A_map_over_an_empty_list_succeeds_with_an_empty_list_and_a_list_that_is_not_one_fails_the_step()
    {
        await using var member = await StartMemberAsync();
        await using var server = await RecordingHttpServer.StartAsync();
        var tool = await RegisterToolAsync(member, server, Unique("never"));
        var definition = $$$"""
            {"steps":[{"id":"each","kind":"map","over":"$.input.list","each":{"kind":"tool","tool":"{{{tool}}}"}}],"output":{"all":"$.steps.each.output"}}
            """;
        var template = Unique("mapempty");

        var empty = await StartAsync(member, template, definition, """{"list":[]}""");
        var notAList = await StartAsync(member, template, definition, """{"list":"abc"}""");
        var emptyDone = await UntilAsync(member, empty.WorkflowId, v => v.Status != "running", "the empty map to finish");
        var notAListDone = await UntilAsync(member, notAList.WorkflowId, v => v.Status != "running", "the map over text to finish");

        Assert.Equal(("completed", """{"all":[]}"""), (emptyDone.Status, emptyDone.Output));
        Assert.Equal("failed", notAListDone.Status);
        Assert.Contains("steps.each.over: '$.input.list' read string, not a list", notAListDone.Error, StringComparison.Ordinal);
        Assert.Empty(server.To($"/{tool}"));
    }

    [Fact]
    public async Task A_map_resumed_on_a_new_member_does_not_run_its_finished_items_again()
    {
        await using var server = await RecordingHttpServer.StartAsync();
        var skill = Unique("skill");
        string workflowId, tool;
        await using (var first = await StartMemberAsync())
        {
            var personaId = NewId();
            await first.Persona(personaId).HireAsync(Hire(personaId, profile: Profile("Tess", skill)));
            tool = await RegisterToolAsync(first, server, Unique("note"));
            var definition = $$$$"""
                {"steps":[{"id":"note","kind":"map","over":"$.input.orders","each":{"kind":"tool","tool":"{{{{tool}}}}","input":{"order":"$.item"}}},
                          {"id":"work","kind":"map","over":"$.input.orders","dependsOn":["note"],
                           "each":{"kind":"task","input":{"goal":"$.item","skills":["{{{{skill}}}}"]}}}],
                 "output":"$.steps.work.output"}
                """;
            workflowId = (await StartAsync(first, Unique("resume"), definition, """{"orders":["refund 1","refund 2","refund 3"]}""")).WorkflowId;
            var tasks = await ItemTasksAsync(first, workflowId, "work", 3);
            await CompleteAsync(first, tasks[0], """{"done":1}""");
            await UntilAsync(first, workflowId, v => Item(v, "work", 0).Status == "succeeded", "the first item to finish");
        }

        await using var second = await StartMemberAsync();
        var waiting = await ItemTasksAsync(second, workflowId, "work", 3);
        Assert.Equal(WorkTaskStatus.Done, waiting[0].Status);
        foreach (var task in waiting.Skip(1))
            await CompleteAsync(second, task, $$"""{"done":"{{task.Goal}}"}""");
        var done = await UntilAsync(second, workflowId, v => v.Status != "running", "the workflow to finish on the new member");

        Assert.Equal("completed", done.Status);
        Assert.Equal(3, server.To($"/{tool}").Count);
        Assert.All(Step(done, "work").Items, i => Assert.Equal(("succeeded", 1), (i.Status, i.Attempts)));
        Assert.Equal(1, JsonDocument.Parse(done.Output).RootElement[0].GetProperty("result").GetProperty("done").GetInt32());
        Assert.Equal("refund 3", JsonDocument.Parse(done.Output).RootElement[2].GetProperty("result").GetProperty("done").GetString());
        Assert.Equal(3, (await database.EventTypesAsync($"workflow/{Tenant}/{workflowId}")).Count(t => t == "workflow_item_dispatched"));
    }

    [Fact]
    public async Task A_decomposition_with_listed_subtasks_creates_their_tasks_and_finishes_when_they_are_done()
    {
        var (member, skill) = await TaskMemberAsync();
        await using var _ = member;
        var definition = $$$"""
            {"steps":[{"id":"split","kind":"decompose","subtasks":[
                {"goal":"refund {{$.input.order}}","skills":["{{{skill}}}"],"priority":"high"},
                {"goal":"$.input.followUp","skills":["{{{skill}}}"]}]}],
             "output":"$.steps.split.output"}
            """;

        var started = await StartAsync(member, Unique("split"), definition, """{"order":"order 42","followUp":"call the customer"}""");
        var tasks = await ItemTasksAsync(member, started.WorkflowId, "split", 2);
        Assert.Equal([("refund order 42", EventPriority.High), ("call the customer", EventPriority.Normal)], tasks.Select(t => (t.Goal, t.Priority)));
        await CompleteAsync(member, tasks[1], """{"called":true}""");
        await CompleteAsync(member, tasks[0], """{"refunded":42}""");
        var done = await UntilAsync(member, started.WorkflowId, v => v.Status != "running", "the workflow to finish");

        Assert.Equal("completed", done.Status);
        var subtasks = JsonDocument.Parse(done.Output).RootElement.GetProperty("subtasks").EnumerateArray().ToList();
        Assert.Equal([tasks[0].TaskId, tasks[1].TaskId], subtasks.Select(s => s.GetProperty("taskId").GetString()));
        Assert.Equal(["refund order 42", "call the customer"], subtasks.Select(s => s.GetProperty("goal").GetString()));
        Assert.All(subtasks, s => Assert.Equal("done", s.GetProperty("status").GetString()));
        Assert.Equal(42, subtasks[0].GetProperty("result").GetProperty("refunded").GetInt32());
    }

    /// <summary>A run of a decomposition into two listed subtasks ("split"), once both tasks are assigned.</summary>
    private async Task<(TestMember Member, WorkflowView Started, IReadOnlyList<TaskView> Tasks)> StartTwoSubtasksAsync()
    {
        var (member, skill) = await TaskMemberAsync();
        var definition = $$$"""
            {"steps":[{"id":"split","kind":"decompose","subtasks":[{"goal":"part one","skills":["{{{skill}}}"]},{"goal":"part two","skills":["{{{skill}}}"]}]}]}
            """;
        var started = await StartAsync(member, Unique("split"), definition, "");
        return (member, started, await ItemTasksAsync(member, started.WorkflowId, "split", 2));
    }

    [Fact]
    public async Task A_cancelled_subtask_fails_the_decomposition_and_the_tasks_of_the_other_subtasks_are_cancelled()
    {
        var (member, started, tasks) = await StartTwoSubtasksAsync();
        await using var _ = member;
        await member.Grains.Task(Tenant, tasks[0].TaskId).CancelAsync(new CancelTaskRequest { RequestId = NewRequestId(), TaskId = tasks[0].TaskId, Reason = "not needed" });
        var done = await UntilAsync(member, started.WorkflowId, v => v.Status != "running", "the workflow to finish");
        var other = await Eventually.ValueAsync(() => member.Grains.Task(Tenant, tasks[1].TaskId).GetTaskAsync(new GetTaskRequest { TaskId = tasks[1].TaskId }).ResponseAsync,
            t => t.Status != WorkTaskStatus.Assigned, "the other subtask's task to be cancelled");

        Assert.Equal(("failed", "failed", "cancelled"), (done.Status, Item(done, "split", 0).Status, Item(done, "split", 1).Status));
        Assert.Contains("not needed", done.Error, StringComparison.Ordinal);
        Assert.Equal(WorkTaskStatus.Cancelled, other.Status);
    }

    [Fact]
    public async Task A_cancelled_workflow_shows_the_items_it_left_unfinished_as_cancelled()
    {
        var (member, started, tasks) = await StartTwoSubtasksAsync();
        await using var _ = member;
        await CompleteAsync(member, tasks[0], "done");
        await UntilAsync(member, started.WorkflowId, v => Item(v, "split", 0).Status == "succeeded", "the first subtask to finish");

        var cancelled = await member.Grains.Workflow(Tenant, started.WorkflowId).CancelAsync(new CancelWorkflowRequest { RequestId = NewRequestId(), Reason = "duplicate ticket" });

        Assert.Equal(("cancelled", "cancelled"), (cancelled.Status, Step(cancelled, "split").Status));
        Assert.Equal(["succeeded", "cancelled"], Step(cancelled, "split").Items.Select(i => i.Status));
    }

    [Fact]
    public async Task A_decomposition_planned_by_the_persona_journals_its_plan_and_runs_each_subtask_as_a_task()
    {
        var skill = Unique("skill");
        var model = Scripted($$"""{"subtasks":[{"goal":"check the invoice","skills":["{{skill}}"]},{"goal":"refund the customer","skills":["{{skill}}"],"priority":"critical"}]}""");
        await using var member = await StartMemberAsync(model);
        var personaId = NewId();
        await member.Persona(personaId).HireAsync(Hire(personaId, profile: Profile("Tess", skill)));
        var definition = $$$"""
            {"steps":[{"id":"plan","kind":"decompose","persona":"{{{personaId}}}","prompt":"Plan the work for: {{$.input.ticket}}"}]}
            """;

        var started = await StartAsync(member, Unique("planned"), definition, """{"ticket":"double charge"}""");
        var tasks = await ItemTasksAsync(member, started.WorkflowId, "plan", 2);
        Assert.Equal([("check the invoice", EventPriority.Normal), ("refund the customer", EventPriority.Critical)], tasks.Select(t => (t.Goal, t.Priority)));
        foreach (var task in tasks)
            await CompleteAsync(member, task, "ok");
        var done = await UntilAsync(member, started.WorkflowId, v => v.Status != "running", "the workflow to finish");

        Assert.Equal("completed", done.Status);
        Assert.Equal(["check the invoice", "refund the customer"],
            JsonDocument.Parse(Step(done, "plan").Output).RootElement.GetProperty("subtasks").EnumerateArray().Select(s => s.GetProperty("goal").GetString()));
        var (messages, options) = Assert.Single(model.Calls);
        Assert.StartsWith("Plan the work for: double charge", messages[^1].Text, StringComparison.Ordinal);
        Assert.IsType<Microsoft.Extensions.AI.ChatResponseFormatJson>(options?.ResponseFormat);
        Assert.Single(await database.EventTypesAsync($"workflow/{Tenant}/{started.WorkflowId}"), t => t == "workflow_step_items_planned");
    }

    [Fact]
    public async Task A_plan_of_eleven_subtasks_is_refused_and_fails_the_step_saying_so()
    {
        var plan = JsonSerializer.Serialize(new { subtasks = Enumerable.Range(1, 11).Select(n => new { goal = $"part {n}" }) });
        var model = Scripted(plan);
        await using var member = await StartMemberAsync(model);
        var personaId = await member.HireAsync();
        var definition = $$$"""
            {"steps":[{"id":"plan","kind":"decompose","persona":"{{{personaId}}}","prompt":"Plan: {{$.input.ticket}}","retry":{"maxAttempts":2,"initialDelayMs":10,"maxDelayMs":20}}]}
            """;

        var started = await StartAsync(member, Unique("toolong"), definition, """{"ticket":"everything"}""");
        var done = await UntilAsync(member, started.WorkflowId, v => v.Status != "running", "the workflow to finish");

        Assert.Equal(("failed", 2), (done.Status, Step(done, "plan").Attempts));
        Assert.Contains("it has 11 subtasks; a decomposition has 1 to 10", done.Error, StringComparison.Ordinal);
        Assert.Empty(Step(done, "plan").Items);
        Assert.Equal(2, model.Calls.Count);
    }
}
