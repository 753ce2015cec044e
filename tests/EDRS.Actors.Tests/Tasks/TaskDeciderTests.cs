using EDRS.Actors.Inbound.Work;
using EDRS.Actors.Tasks;
using EDRS.Actors.Tasks.Commands;
using EDRS.Actors.Tasks.Events;
using EDRS.Grains.Runtime;

namespace EDRS.Actors.Tests.Tasks;

/// <summary>The task's rules without the runtime: statuses, limits of subtasks, history.</summary>
public sealed class TaskDeciderTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private static TaskState Fold(TaskState state, IEnumerable<TaskEvent> events) => events.Aggregate(state, TaskDecider.Evolve);

    private static TaskState Apply(TaskState state, TaskCommand command) => Fold(state, TaskDecider.Decide(command, state, Now));

    private static TaskState Created(string id = "t1", int depth = 1, params string[] skills) =>
        Apply(TaskState.Initial, new CreateTask(id, "Answer ticket 42", "bob", skills, WorkPriority.High, "", null, depth > 1 ? "parent" : "", depth));

    private static CommandRejectedException Refused(TaskState state, TaskCommand command) =>
        Assert.Throws<CommandRejectedException>(() => TaskDecider.Decide(command, state, Now));

    [Fact]
    public void A_new_task_is_open_with_its_goal_skills_and_creation_in_its_history()
    {
        var state = Created(skills: ["support", "billing"]);

        Assert.True(state.Exists);
        Assert.Equal(TaskStage.Open, state.Stage);
        Assert.Equal(["support", "billing"], state.Skills);
        Assert.Equal(WorkPriority.High, state.Priority);
        var created = Assert.Single(state.History);
        Assert.Equal("created by bob", created.Note);
    }

    [Theory]
    [InlineData("", "goal")]
    [InlineData("  ", "goal")]
    public void A_task_without_a_goal_is_refused_naming_the_field(string goal, string field)
    {
        var refusal = Refused(TaskState.Initial, new CreateTask("t1", goal, "", [], WorkPriority.Normal, "", null));

        Assert.Equal(RejectionReason.Invalid, refusal.Reason);
        Assert.Equal(field, refusal.Field);
    }

    [Fact]
    public void A_task_needs_a_priority_a_json_object_input_and_distinct_skills()
    {
        Assert.Equal("priority", Refused(TaskState.Initial, new CreateTask("t1", "goal", "", [], null, "", null)).Field);
        Assert.Equal("input", Refused(TaskState.Initial, new CreateTask("t1", "goal", "", [], WorkPriority.Low, "[1,2]", null)).Field);
        Assert.Equal("skills", Refused(TaskState.Initial, new CreateTask("t1", "goal", "", ["a", "A"], WorkPriority.Low, "", null)).Field);
        Assert.Equal("skills", Refused(TaskState.Initial, new CreateTask("t1", "goal", "", [.. Enumerable.Range(0, 11).Select(i => $"s{i}")], WorkPriority.Low, "", null)).Field);
    }

    [Fact]
    public void Statuses_move_from_open_through_assigned_and_in_progress_to_done_and_then_never_change()
    {
        var state = Apply(Created(), new AssignTask("ada", "least open work"));
        Assert.Equal((TaskStage.Assigned, "ada"), (state.Stage, state.Owner));
        state = Apply(state, new StartTask());
        Assert.Equal(TaskStage.InProgress, state.Stage);
        state = Apply(state, new CompleteTask("replied"));
        Assert.Equal((TaskStage.Done, "replied"), (state.Stage, state.Result));

        Assert.Equal(RejectionReason.Conflict, Refused(state, new FailTask("too late")).Reason);
        Assert.Equal(RejectionReason.Conflict, Refused(state, new CancelTask("too late")).Reason);
        Assert.Equal([TaskStage.Open, TaskStage.Assigned, TaskStage.InProgress, TaskStage.Done], state.History.Select(h => h.Stage));
    }

    [Fact]
    public void An_open_task_cannot_be_completed_or_started_but_can_fail_or_be_cancelled()
    {
        var open = Created();

        Assert.Equal(RejectionReason.Conflict, Refused(open, new CompleteTask("x")).Reason);
        Assert.Equal(RejectionReason.Conflict, Refused(open, new StartTask()).Reason);
        Assert.Equal(TaskStage.Failed, Apply(open, new FailTask("no one can")).Stage);
        Assert.Equal(TaskStage.Cancelled, Apply(open, new CancelTask("not needed")).Stage);
        Assert.Equal("reason", Refused(open, new FailTask(" ")).Field);
    }

    [Fact]
    public void Leaving_a_task_open_for_the_same_reason_is_recorded_once()
    {
        var state = Apply(Created(), new LeaveTaskOpen("no persona has the skills support"));

        Assert.Empty(TaskDecider.Decide(new LeaveTaskOpen("no persona has the skills support"), state, Now));
        Assert.Equal(2, state.History.Count);
    }

    [Fact]
    public void Subtasks_get_ids_under_their_parent_and_the_parents_priority_when_none_is_given()
    {
        var state = Apply(Created(), new AddSubtasks([new SubtaskPlan("draft", ["writing"], null), new SubtaskPlan("send", [], WorkPriority.Low)]));

        Assert.Equal(["t1.1", "t1.2"], state.Subtasks.Select(s => s.TaskId));
        Assert.Equal([WorkPriority.High, WorkPriority.Low], state.Subtasks.Select(s => s.Priority));
        Assert.All(state.Subtasks, s => Assert.Equal(TaskStage.Open, s.Stage));
    }

    [Fact]
    public void A_task_has_at_most_ten_subtasks_in_all()
    {
        var state = Apply(Created(), new AddSubtasks([.. Enumerable.Range(1, 7).Select(i => new SubtaskPlan($"part {i}", [], null))]));

        var refusal = Refused(state, new AddSubtasks([.. Enumerable.Range(1, 4).Select(i => new SubtaskPlan($"more {i}", [], null))]));

        Assert.Equal("subtasks", refusal.Field);
        Assert.Contains("at most 10", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(10, Apply(state, new AddSubtasks([.. Enumerable.Range(1, 3).Select(i => new SubtaskPlan($"more {i}", [], null))])).Subtasks.Count);
    }

    [Fact]
    public void Tasks_go_three_levels_deep_at_most()
    {
        var third = Created("t1.1.1", depth: 3);

        var refusal = Refused(third, new AddSubtasks([new SubtaskPlan("deeper", [], null)]));

        Assert.Equal("subtasks", refusal.Field);
        Assert.Single(Apply(Created("t1.1", depth: 2), new AddSubtasks([new SubtaskPlan("fine", [], null)])).Subtasks);
    }

    [Fact]
    public void A_subtask_outcome_is_recorded_once()
    {
        var state = Apply(Created(), new AddSubtasks([new SubtaskPlan("draft", [], null)]));
        state = Apply(state, new RecordSubtaskOutcome("t1.1", TaskStage.Done, "drafted"));

        Assert.Equal((TaskStage.Done, "drafted"), (state.Subtasks[0].Stage, state.Subtasks[0].Result));
        Assert.Empty(TaskDecider.Decide(new RecordSubtaskOutcome("t1.1", TaskStage.Done, "drafted"), state, Now));
        Assert.Equal(RejectionReason.NotFound, Refused(state, new RecordSubtaskOutcome("t1.9", TaskStage.Done, "")).Reason);
    }
}
