using EDRS.Actors.Workflows.Commands;
using EDRS.Actors.Workflows.Definitions;
using EDRS.Grains.Contracts.Work;
using Microsoft.Extensions.Logging;

namespace EDRS.Actors.Workflows;

/// <summary>
/// The executor's part of the saga rules (<see cref="WorkflowDecider"/>): it runs the compensation whose turn it is, one
/// attempt at a time, journaling each start and end; tool calls carry the Idempotency-Key
/// <c>wf:{tenant}/{workflowId}/{stepId}/compensate/{attempt}</c>, the same when a crashed attempt runs again.
/// </summary>
public sealed partial class WorkflowInstance
{
    private async Task CompensateAsync(NextStep next, CancellationToken cancellationToken)
    {
        if (next.Action == StepActionKind.BeginCompensation)
        {
            await ExecuteAsync(NewRequestId(), new BeginCompensation(next.StepId)).ConfigureAwait(false);
            return;
        }
        var state = _journaled.State;
        var compensation = state.Steps[next.StepId].Compensation!;
        var step = state.Parsed.Step(next.StepId).Compensate!;
        var context = WorkflowDecider.CompensationContext(state);
        var result = step.Kind == StepKinds.Persona
            ? await AskPersonaAsync(step, context, cancellationToken).ConfigureAwait(false)
            : await CallToolAsync(step, context, CompensationKey(next.StepId, compensation.Attempts), compensation.StartedAt ?? Now, cancellationToken).ConfigureAwait(false);
        if (HeldBack(result, next.StepId, compensation.Attempts))
            return;
        if (!result.Succeeded)
            LogCompensationAttemptFailed(_logger, _activation.StreamKey, next.StepId, compensation.Attempts, result.Error);
        await ExecuteAsync(NewRequestId(), new FinishCompensation(next.StepId, compensation.Attempts, result.Succeeded, result.Output, result.Error, result.Retryable,
            Random.Shared.NextDouble())).ConfigureAwait(false);
    }

    /// <summary>The Idempotency-Key of a compensation's tool call: one per logical attempt, never one of the step's own.</summary>
    public string CompensationKey(string stepId, int attempt) => $"wf:{Tenant}/{WorkflowId}/{stepId}/compensate/{attempt}";

    /// <summary>Each compensated step's compensation in <paramref name="view"/>; steps not compensated keep the fields empty.</summary>
    private static void ShowCompensations(WorkflowView view, WorkflowState state)
    {
        foreach (var step in view.Steps)
        {
            if (state.Steps[step.StepId].Compensation is not { } run)
                continue;
            step.CompensationStatus = WorkflowDecider.Describe(run.Status);
            step.CompensationAttempts = run.Attempts;
            step.CompensationStartedAt = ProtoTimes.Of(run.StartedAt);
            step.CompensationFinishedAt = ProtoTimes.Of(run.FinishedAt);
            step.CompensationDueAt = ProtoTimes.Of(run.DueAt);
            step.CompensationOutput = run.Output;
            step.CompensationError = run.Error;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow {StreamKey}: attempt {Attempt} of the compensation of step {StepId} failed: {Error}")]
    private static partial void LogCompensationAttemptFailed(ILogger logger, string streamKey, string stepId, int attempt, string error);
}
