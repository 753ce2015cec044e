using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using EDRS.Actors.Workflows.Commands;
using EDRS.Actors.Workflows.Definitions;
using EDRS.Actors.Workflows.Events;

namespace EDRS.Actors.Workflows;

/// <summary>
/// The rules of the steps that run a list of items (<c>map</c> and <c>decompose</c>), pure like the rest: a step's list is
/// fixed and journaled when it starts (a map's <c>over</c>, a decomposition's static subtasks) or when its persona's plan
/// arrives; each item then has its own attempts under the step's retry policy, at most
/// <see cref="WorkflowLimits.MaxParallelItems"/> in flight. The step succeeds with its items' outputs in list order once
/// every item succeeded, and fails with the first item that fails for good (the others still in flight are abandoned).
/// </summary>
public static partial class WorkflowDecider
{
    /// <summary>The input of each subtask of a <c>decompose</c> step: the subtask itself, read as a <c>task</c> step reads its input.</summary>
    private static readonly JsonElement SubtaskInput = JsonDocument.Parse(
        """{"goal":"$.item.goal","skills":"$.item.skills","priority":"$.item.priority","input":"$.item.input"}""").RootElement.Clone();

    /// <summary>The step each item of <paramref name="step"/> runs, named as the step: its retry policy and timeout are the step's unless <c>each</c> sets its own.</summary>
    public static StepDefinition ItemStep(StepDefinition step) => step.Kind == StepKinds.Map
        ? step.Each! with
        {
            Id = step.Id,
            Retry = step.Each.Retry ?? step.Retry,
            TimeoutSeconds = step.Each.TimeoutSeconds > 0 ? step.Each.TimeoutSeconds : step.TimeoutSeconds,
        }
        : new StepDefinition { Id = step.Id, Kind = StepKinds.Task, Input = SubtaskInput, Retry = step.Retry, TimeoutSeconds = step.TimeoutSeconds };

    /// <summary>The context an item's paths read: the workflow's, with <c>$.item</c> (the list element) and <c>$.index</c>.</summary>
    public static JsonNode ItemContext(WorkflowState state, ItemRun item)
    {
        var context = Context(state);
        context[JsonPaths.Item] = JsonNode.Parse(item.Input);
        context[JsonPaths.Index] = item.Index;
        return context;
    }

    /// <summary>A fan-out step's attempt starts: with its list fixed at once (a map, static subtasks), or waiting for its persona's plan.</summary>
    private static IReadOnlyList<WorkflowEvent> BeginFanOut(StepDefinition step, StepRun run, WorkflowState state, DateTimeOffset now)
    {
        var attempt = run.Attempts + 1;
        List<WorkflowEvent> events = [new StepStarted(step.Id, attempt, now, null)];
        if (step.Kind == StepKinds.Decompose && step.Subtasks is null)
            return events; // the persona plans: the executor asks it, then PlanItems
        var context = Context(state);
        var (items, error) = step.Kind == StepKinds.Map ? MapList(step, context) : (StaticSubtasks(step, context), null);
        if (items is null)
        {
            events.Add(new StepFailed(step.Id, attempt, error!, now));
            return Settle(state, events, now);
        }
        events.Add(new StepItemsPlanned(step.Id, attempt, items.ToJsonString(), now));
        if (items.Count == 0)
            events.Add(new StepSucceeded(step.Id, attempt, "[]", now));
        return Settle(state, events, now);
    }

    private static (JsonArray? Items, string? Error) MapList(StepDefinition step, JsonNode context) => JsonPaths.ReadPath(context, step.Over!) switch
    {
        JsonArray { Count: > WorkflowLimits.MaxMapItems } list =>
            (null, $"steps.{step.Id}.over: '{step.Over}' read {list.Count} items, more than the {WorkflowLimits.MaxMapItems} a map step runs"),
        JsonArray list => ((JsonArray)list.DeepClone(), null),
        null => (null, $"steps.{step.Id}.over: '{step.Over}' read nothing, not a list"),
        var other => (null, $"steps.{step.Id}.over: '{step.Over}' read {other.GetValueKind().ToString().ToLowerInvariant()}, not a list"),
    };

    /// <summary>The template's subtasks with their paths read and the <c>{{$.path}}</c> placeholders of their goals filled.</summary>
    private static JsonArray StaticSubtasks(StepDefinition step, JsonNode context)
    {
        var subtasks = new JsonArray();
        foreach (var subtask in step.Subtasks!)
        {
            var resolved = (JsonObject)JsonPaths.Resolve(subtask, context)!;
            if (subtask.TryGetProperty("goal", out var goal) && goal.ValueKind == JsonValueKind.String && !JsonPaths.IsPath(goal.GetString()!))
                resolved["goal"] = JsonPaths.Render(goal.GetString()!, context);
            subtasks.Add(resolved);
        }
        return subtasks;
    }

    private static IReadOnlyList<WorkflowEvent> DecideItems(StepItemCommand command, WorkflowState state, DateTimeOffset now)
    {
        if (!state.IsActive || !state.Steps.TryGetValue(command.StepId, out var run) || run.Status != StepStatus.Running || !StepKinds.FansOut(run.Kind))
            return []; // the step's attempt is over (journaled already, failed, cancelled)
        var step = state.Parsed.Step(run.StepId);
        return command switch
        {
            PlanItems c => Plan(c, step, run, state, now),
            BeginItems => state.IsRunning ? BeginReadyItems(step, run, now) : [],
            DispatchItem c when ItemInFlight(run, c.Index, c.Attempt) is { TaskId.Length: 0 } => [new ItemDispatched(run.StepId, c.Index, c.Attempt, c.TaskId, now)],
            FinishItem c when ItemInFlight(run, c.Index, c.Attempt) is { } item => FinishOneItem(c, step, run, item, state, now),
            _ => [],
        };
    }

    private static ItemRun? ItemInFlight(StepRun run, int index, int attempt) =>
        run.Items is { } items && index >= 0 && index < items.Count && items[index] is { Status: StepStatus.Running } item && item.Attempts == attempt ? item : null;

    /// <summary>A persona's plan checked (1 to 10 subtasks, each with a goal) and journaled; a plan that is not is a failed attempt of the step.</summary>
    private static IReadOnlyList<WorkflowEvent> Plan(PlanItems command, StepDefinition step, StepRun run, WorkflowState state, DateTimeOffset now)
    {
        if (run.Items is not null || run.Attempts != command.Attempt)
            return [];
        var (subtasks, problem) = PlannedSubtasks(command.Plan);
        return subtasks is null
            ? Finish(new FinishStep(step.Id, command.Attempt, false, "", $"the plan of persona {step.Persona} is refused: {problem}", true, command.Jitter), state, now)
            : [new StepItemsPlanned(step.Id, command.Attempt, subtasks.ToJsonString(), now)];
    }

    private static (JsonArray? Subtasks, string? Problem) PlannedSubtasks(string plan)
    {
        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(plan);
        }
        catch (JsonException ex)
        {
            return (null, $"it is not JSON: {ex.Message}");
        }
        if (parsed is not JsonObject { } root || root["subtasks"] is not JsonArray planned)
            return (null, "it has no list of subtasks ({\"subtasks\":[{\"goal\": …}]})");
        if (planned.Count is 0 or > WorkflowLimits.MaxSubtasks)
            return (null, $"it has {planned.Count} subtasks; a decomposition has 1 to {WorkflowLimits.MaxSubtasks}");
        var subtasks = new JsonArray();
        for (var i = 0; i < planned.Count; i++)
        {
            if (planned[i] is not JsonObject subtask || subtask["goal"] is not JsonValue goal || !goal.TryGetValue<string>(out var text) || string.IsNullOrWhiteSpace(text))
                return (null, $"subtasks[{i}] has no goal");
            var kept = new JsonObject { ["goal"] = text.Trim() };
            if (subtask["skills"] is JsonArray skills)
                kept["skills"] = new JsonArray([.. skills.Take(10).Select(s => s?.DeepClone())]);
            if (subtask["priority"] is JsonValue priority && priority.TryGetValue<string>(out var name) && WorkflowDefinitions.TaskPriorityOf(name) is not null)
                kept["priority"] = name;
            subtasks.Add(kept);
        }
        return (subtasks, null);
    }

    /// <summary>The next attempt of each ready item (pending, or its retry due), in list order, while places last.</summary>
    private static IReadOnlyList<WorkflowEvent> BeginReadyItems(StepDefinition step, StepRun run, DateTimeOffset now)
    {
        if (run.Items is not { } items)
            return [];
        var each = ItemStep(step);
        DateTimeOffset? due = each.Kind == StepKinds.Task && each.TimeoutSeconds > 0 ? now + TimeSpan.FromSeconds(each.TimeoutSeconds) : null;
        var places = WorkflowLimits.MaxParallelItems - items.Count(i => i.Status == StepStatus.Running);
        return [.. items.Where(i => IsReady(i, now)).Take(Math.Max(0, places)).Select(i => new ItemStarted(run.StepId, i.Index, i.Attempts + 1, now, due))];
    }

    private static bool IsReady(ItemRun item, DateTimeOffset now) =>
        item.Status == StepStatus.Pending || item.Status == StepStatus.Retrying && item.DueAt <= now;

    private static IReadOnlyList<WorkflowEvent> FinishOneItem(FinishItem command, StepDefinition step, StepRun run, ItemRun item, WorkflowState state, DateTimeOffset now)
    {
        if (command.Succeeded)
        {
            var output = command.Output.Length == 0 ? "null" : command.Output;
            List<WorkflowEvent> events = [new ItemSucceeded(run.StepId, item.Index, item.Attempts, output, now)];
            var items = run.Items!.SetItem(item.Index, item with { Status = StepStatus.Succeeded, Output = output });
            if (items.All(i => i.Status == StepStatus.Succeeded))
                events.Add(new StepSucceeded(run.StepId, run.Attempts, StepOutput(step, items), now));
            return Settle(state, events, now);
        }
        var policy = ItemStep(step).RetryPolicy;
        if (command.Retryable && item.AttemptsThisRun < policy.MaxAttempts)
            return [new ItemAttemptFailed(run.StepId, item.Index, item.Attempts, command.Error, now + policy.DelayAfter(item.AttemptsThisRun, command.Jitter), now)];
        return Settle(state,
        [
            new ItemFailed(run.StepId, item.Index, item.Attempts, command.Error, now),
            new StepFailed(run.StepId, run.Attempts, $"item {item.Index} failed: {command.Error}", now),
        ], now);
    }

    /// <summary>A map's output: its items' outputs in list order. A decomposition's: <c>{"subtasks":[{taskId, goal, status, result}]}</c>.</summary>
    private static string StepOutput(StepDefinition step, ImmutableList<ItemRun> items)
    {
        if (step.Kind == StepKinds.Map)
            return new JsonArray([.. items.Select(i => JsonNode.Parse(i.Output))]).ToJsonString();
        var subtasks = items.Select(i => (Input: JsonNode.Parse(i.Input), Output: JsonNode.Parse(i.Output)))
            .Select(i => new JsonObject
            {
                ["taskId"] = i.Output?["taskId"]?.DeepClone(),
                ["goal"] = i.Input?["goal"]?.DeepClone(),
                ["status"] = "done",
                ["result"] = i.Output?["result"]?.DeepClone(),
            });
        return new JsonObject { ["subtasks"] = new JsonArray([.. subtasks]) }.ToJsonString();
    }

    /// <summary>What an executor does next about a running fan-out step's items; null when they all wait (for a task, a retry, a place).</summary>
    private static NextStep? NextOfItems(StepDefinition step, StepRun run, DateTimeOffset now)
    {
        if (run.Items is not { } items)
            return step.Kind == StepKinds.Decompose ? new NextStep(step.Id, StepActionKind.Plan) : null;
        if (items.Count(i => i.Status == StepStatus.Running) < WorkflowLimits.MaxParallelItems && items.FirstOrDefault(i => IsReady(i, now)) is { } ready)
            return new NextStep(step.Id, StepActionKind.Begin, ready.Index);
        var isTask = ItemStep(step).Kind == StepKinds.Task;
        foreach (var item in items.Where(i => i.Status == StepStatus.Running))
        {
            if (!isTask || item.TaskId.Length == 0)
                return new NextStep(step.Id, StepActionKind.Run, item.Index);
            if (item.DueAt <= now)
                return new NextStep(step.Id, StepActionKind.TimeOut, item.Index);
        }
        return null;
    }

    /// <summary>The due times of items (retries, task deadlines) of the running steps.</summary>
    private static IEnumerable<DateTimeOffset?> ItemDueTimes(WorkflowState state) =>
        state.Steps.Values.Where(s => s.Status == StepStatus.Running && s.Items is not null)
            .SelectMany(s => s.Items!.Where(i => i.Status is StepStatus.Running or StepStatus.Retrying).Select(i => i.DueAt));

    /// <summary>The most attempts an item of <paramref name="run"/> made: a retry from a step counts its items' attempts on from there.</summary>
    private static int ItemAttemptsSoFar(StepRun run) => run.Items is { Count: > 0 } items ? Math.Max(run.ItemAttemptsBefore, items.Max(i => i.Attempts)) : run.ItemAttemptsBefore;

    private static StepRun EvolveItems(StepRun run, StepItemEvent @event) => @event switch
    {
        StepItemsPlanned e => run with
        {
            Items = [.. JsonNode.Parse(e.Items)!.AsArray().Select((node, i) =>
                new ItemRun(i, node?.ToJsonString() ?? "null", StepStatus.Pending, run.ItemAttemptsBefore, run.ItemAttemptsBefore))],
        },
        ItemStarted e => Item(run, e.Index, i => i with
        {
            Status = StepStatus.Running, Attempts = e.Attempt, StartedAt = i.StartedAt ?? e.StartedAt, DueAt = e.DueAt, Error = "", TaskId = "",
        }),
        ItemDispatched e => Item(run, e.Index, i => i with { TaskId = e.TaskId }),
        ItemSucceeded e => Item(run, e.Index, i => i with { Status = StepStatus.Succeeded, Output = e.Output, FinishedAt = e.At, DueAt = null }),
        ItemAttemptFailed e => Item(run, e.Index, i => i with { Status = StepStatus.Retrying, Error = e.Error, DueAt = e.RetryAt }),
        ItemFailed e => run with
        {
            Items = [.. run.Items!.Select(i => i.Index == e.Index
                ? i with { Status = StepStatus.Failed, Error = e.Error, FinishedAt = e.At, DueAt = null }
                : i.IsOver ? i : i with { Status = StepStatus.Cancelled, DueAt = null })],
        },
        _ => throw new InvalidOperationException($"A workflow does not know the event {@event.GetType().Name}."),
    };

    private static StepRun Item(StepRun run, int index, Func<ItemRun, ItemRun> change) => run with { Items = run.Items!.SetItem(index, change(run.Items[index])) };
}
