using EDRS.Grains.Contracts.Work;

namespace EDRS.Hosts.Gateway.Workflows;

/// <summary>
/// A tool the persona's chat model called during one attempt of a <c>persona</c> step, as the run journaled it. Its
/// Idempotency-Key was <c>wf:{tenant}/{workflowId}/{stepId}/{attempt}/{callId}</c>.
/// </summary>
/// <param name="Attempt">The step's attempt the call belongs to.</param>
/// <param name="CallId">The model's id of the call.</param>
/// <param name="Tool">The tool's name.</param>
/// <param name="Arguments">The arguments the model sent, as JSON text.</param>
/// <param name="Result">The tool's output (JSON text) when it succeeded, else the error the model was shown.</param>
/// <param name="Succeeded">Whether the tool succeeded.</param>
public sealed record WorkflowStepToolCallResponse(int Attempt, string CallId, string Tool, string Arguments, string Result, bool Succeeded)
{
    /// <summary>The calls, or null when there were none (the field is then left out of the JSON).</summary>
    public static IReadOnlyList<WorkflowStepToolCallResponse>? ListOf(IReadOnlyCollection<WorkflowToolCall> calls) =>
        calls.Count == 0 ? null : [.. calls.Select(c => new WorkflowStepToolCallResponse(c.Attempt, c.CallId, c.Tool, c.Arguments, c.Result, c.Succeeded))];
}
