using EDRS.Actors.Tools.Calling;
using EDRS.Actors.Workflows.Commands;
using EDRS.Actors.Workflows.Events;

namespace EDRS.Actors.Workflows;

/// <summary>The tool calls of <c>persona</c> steps' models: journaled with the step's running attempt, shown in its view.</summary>
public static partial class WorkflowDecider
{
    private static IReadOnlyList<WorkflowEvent> RecordToolCalls(RecordStepToolCalls command, WorkflowState state)
    {
        if (command.Calls.Count == 0 || !state.Steps.TryGetValue(command.StepId, out var run) || run.Status != StepStatus.Running || run.Attempts != command.Attempt)
            return []; // the attempt is over: its outcome was journaled without them
        return [new PersonaStepCalledTools(run.StepId, run.Attempts, [.. command.Calls.Select(c =>
            c with { Arguments = ToolCalling.Bounded(c.Arguments), Result = ToolCalling.Bounded(c.Result) })])];
    }

    private static WorkflowState WithToolCalls(WorkflowState state, PersonaStepCalledTools e) =>
        Step(state, e.StepId, r => r with { ToolCalls = [.. r.ToolCalls ?? [], .. e.Calls.Select(c => new StepToolCall(e.Attempt, c))] });
}
