using EDRS.Actors.Tasks;
using EDRS.Actors.Tools.Invocation;
using EDRS.Actors.Workflows.Activities;
using EDRS.Actors.Workflows.Commands;
using EDRS.Actors.Workflows.Definitions;
using EDRS.Grains.Contracts.Work;
using EDRS.Grains.Runtime;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace EDRS.Actors.Workflows;

/// <summary>
/// The executor's part for <c>map</c> and <c>decompose</c> steps: it asks a decomposition's persona for its plan, starts
/// ready items, and runs the items in flight together (their calls concurrently, their ends journaled one by one). Each
/// item's tool call carries the Idempotency-Key <c>wf:{tenant}/{workflowId}/{stepId}[{index}]/{attempt}</c>, and a task
/// item's task id derives from it, so an item run again after a crash repeats no effect and a finished item never runs again.
/// </summary>
public sealed partial class WorkflowInstance
{
    /// <summary>What an item's attempt came to: an end, a task it now waits for, or a call that never left (run again later, same key).</summary>
    private sealed record ItemAttempt(ItemRun Item, ToolCallResult? Result, string TaskId);

    /// <summary>The Idempotency-Key of item <paramref name="index"/>'s attempt: one per logical attempt, the same when a crashed attempt runs again.</summary>
    public string ItemIdempotencyKey(string stepId, int index, int attempt) => $"wf:{Tenant}/{WorkflowId}/{stepId}[{index}]/{attempt}";

    private async Task ActOnItemsAsync(NextStep next, CancellationToken cancellationToken)
    {
        var state = _journaled.State;
        var run = state.Steps[next.StepId];
        var step = state.Parsed.Step(next.StepId);
        switch (next.Action)
        {
            case StepActionKind.Plan:
                await PlanAsync(state, step, run, cancellationToken).ConfigureAwait(false);
                break;
            case StepActionKind.Begin:
                await ExecuteAsync(NewRequestId(), new BeginItems(step.Id)).ConfigureAwait(false);
                break;
            case StepActionKind.TimeOut:
                var each = WorkflowDecider.ItemStep(step);
                await FinishItemAsync(run, run.Items![next.Index], ToolCallResult.Permanent($"no {each.Kind} outcome within {each.TimeoutSeconds} s")).ConfigureAwait(false);
                break;
            case StepActionKind.Run:
                await RunItemsAsync(state, step, run, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>Asks the persona for the plan (the fixed subtask schema); its answer goes to the decider, which journals it or fails the attempt.</summary>
    private async Task PlanAsync(WorkflowState state, StepDefinition step, StepRun run, CancellationToken cancellationToken)
    {
        var planner = step with { Schema = DecompositionPlan.Schema, Prompt = step.Prompt + DecompositionPlan.Instruction };
        var answer = await AskPersonaAsync(planner, WorkflowDecider.Context(state), cancellationToken).ConfigureAwait(false);
        if (answer.Succeeded)
            await ExecuteAsync(NewRequestId(), new PlanItems(step.Id, run.Attempts, answer.Output, Random.Shared.NextDouble())).ConfigureAwait(false);
        else
            await FinishAsync(run, false, "", answer.Error, answer.Retryable).ConfigureAwait(false);
    }

    /// <summary>Runs every item in flight that has work to do, concurrently, then journals what each came to in list order.</summary>
    private async Task RunItemsAsync(WorkflowState state, StepDefinition step, StepRun run, CancellationToken cancellationToken)
    {
        var each = WorkflowDecider.ItemStep(step);
        var items = run.Items!.Where(i => i.Status == StepStatus.Running && (each.Kind != StepKinds.Task || i.TaskId.Length == 0));
        var attempts = await Task.WhenAll(items.Select(item => RunItemAsync(state, each, item, cancellationToken))).ConfigureAwait(false);
        var unsent = false;
        foreach (var attempt in attempts)
        {
            if (attempt.Result is { Succeeded: false, NotSent: true } notSent)
            {
                unsent = true;
                LogNotSent(_logger, _activation.StreamKey, $"{step.Id}[{attempt.Item.Index}]", attempt.Item.Attempts, notSent.Error);
            }
            else if (attempt.Result is { } result)
                await FinishItemAsync(run, attempt.Item, result).ConfigureAwait(false);
            else
                await ExecuteAsync(NewRequestId(), new DispatchItem(step.Id, attempt.Item.Index, attempt.Item.Attempts, attempt.TaskId)).ConfigureAwait(false);
        }
        _unsentRetries = unsent ? _unsentRetries + 1 : 0;
    }

    private async Task<ItemAttempt> RunItemAsync(WorkflowState state, StepDefinition each, ItemRun item, CancellationToken cancellationToken)
    {
        var key = ItemIdempotencyKey(each.Id, item.Index, item.Attempts);
        var context = WorkflowDecider.ItemContext(state, item);
        switch (each.Kind)
        {
            case StepKinds.Task:
                var ended = await _tasks.CreateAsync(Tenant, WorkflowId, each, key, context, cancellationToken).ConfigureAwait(false);
                return new ItemAttempt(item, ended, TaskStepActivity.TaskIdOf(key));
            case StepKinds.Persona:
                return new ItemAttempt(item, await AskPersonaAsync(each, context, cancellationToken).ConfigureAwait(false), "");
            default:
                return new ItemAttempt(item, await CallToolAsync(each, context, key, item.StartedAt ?? Now, cancellationToken).ConfigureAwait(false), "");
        }
    }

    private async Task FinishItemAsync(StepRun run, ItemRun item, ToolCallResult result)
    {
        if (!result.Succeeded)
            LogAttemptFailed(_logger, _activation.StreamKey, $"{run.StepId}[{item.Index}]", item.Attempts, result.Error);
        await ExecuteAsync(NewRequestId(), new FinishItem(run.StepId, item.Index, item.Attempts, result.Succeeded, result.Output, result.Error, result.Retryable,
            Random.Shared.NextDouble())).ConfigureAwait(false);
        if (_journaled.State.Steps[run.StepId] is { Status: StepStatus.Failed, Items: { } items } && run.Status == StepStatus.Running)
            CancelAbandonedTasks(run.StepId, item.Index, items);
    }

    /// <summary>
    /// The tasks of the items a failed item left behind are cancelled, so no persona works on what nobody waits for any
    /// more. Once, when the step fails: a task that ended meanwhile refuses, and a member that dies first leaves them open
    /// (their outcome is then ignored). Not awaited in this turn: a cancelled task tells this instance its outcome, which
    /// it can hear only after the turn.
    /// </summary>
    private void CancelAbandonedTasks(string stepId, int failed, IEnumerable<ItemRun> items)
    {
        var abandonedTasks = items.Where(i => i.Status == StepStatus.Cancelled && i.TaskId.Length > 0).ToList();
        if (abandonedTasks.Count > 0)
            _ = Task.Run(() => CancelAbandonedTasksAsync(stepId, failed, abandonedTasks));
    }

    private async Task CancelAbandonedTasksAsync(string stepId, int failed, IReadOnlyList<ItemRun> abandonedTasks)
    {
        foreach (var abandoned in abandonedTasks)
        {
            try
            {
                await _clients.Task(Tenant, abandoned.TaskId).CancelAsync(new CancelTaskRequest
                {
                    RequestId = $"{abandoned.TaskId}-abandoned",
                    TaskId = abandoned.TaskId,
                    Reason = $"workflow {WorkflowId}: item {failed} of step {stepId} failed",
                }).ResponseAsync.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is RpcException or GrainException or TimeoutException)
            {
                LogAbandonedTaskNotCancelled(_logger, _activation.StreamKey, abandoned.TaskId, ex.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow {StreamKey}: the task {TaskId} of an abandoned item was not cancelled ({Error})")]
    private static partial void LogAbandonedTaskNotCancelled(ILogger logger, string streamKey, string taskId, string error);

    /// <summary>A task item's outcome ends its attempt when the task is the attempt's own; true when it did.</summary>
    private async Task<bool> RecordItemTaskOutcomeAsync(WorkflowTaskOutcomeRequest request)
    {
        if (!_journaled.State.Steps.TryGetValue(request.StepId, out var run) || run.Status != StepStatus.Running || run.Items is null)
            return false;
        var item = run.Items.FirstOrDefault(i => i.Status == StepStatus.Running
            && TaskStepActivity.TaskIdOf(ItemIdempotencyKey(run.StepId, i.Index, i.Attempts)) == request.TaskId);
        if (item is null)
            return false;
        await FinishItemAsync(run, item, TaskStepActivity.OutcomeOf(request.TaskId, request.Status, request.Result)).ConfigureAwait(false);
        return true;
    }

    /// <summary>The items of <paramref name="run"/> as the contract shows them; those a cancelled run left unfinished show cancelled too.</summary>
    private static IEnumerable<WorkflowStepItemView> ItemViews(StepRun run) => (run.Items ?? []).Select(i => new WorkflowStepItemView
    {
        Index = i.Index,
        Status = WorkflowDecider.Describe(run.Status == StepStatus.Cancelled && !i.IsOver ? StepStatus.Cancelled : i.Status),
        Attempts = i.Attempts,
        Input = i.Input,
        Output = i.Output,
        Error = i.Error,
        TaskId = i.TaskId,
        StartedAt = ProtoTimes.Of(i.StartedAt),
        FinishedAt = ProtoTimes.Of(i.FinishedAt),
        DueAt = ProtoTimes.Of(i.DueAt),
    });
}
