using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using EDRS.Actors.Inbound.Routing;
using EDRS.Actors.Tools;
using EDRS.Grains.Runtime;

namespace EDRS.Actors.Workflows.Definitions;

/// <summary>
/// Reads and checks a template's JSON definition, whole, before anything runs it: every refusal names the step and the
/// field (<c>steps.review.dependsOn</c>): unknown fields, duplicate or bad ids, unknown kinds, what a kind needs, unknown
/// dependencies, cycles, JSON paths that read a step the step does not (transitively) depend on, retry and timeout bounds.
/// </summary>
public static partial class WorkflowDefinitions
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    private static readonly ConcurrentDictionary<string, WorkflowDefinition> Checked = new(StringComparer.Ordinal);

    /// <summary>
    /// The same, by the text's instance: a running instance's state holds one definition string for its activation's life
    /// and its executor reads the definition many times per step, so it is found without hashing and comparing the whole
    /// text each time. Held weakly: an entry goes with its string.
    /// </summary>
    private static readonly ConditionalWeakTable<string, WorkflowDefinition> ByInstance = new();

    /// <summary>The definition <paramref name="text"/> holds, checked; refused naming the field.</summary>
    public static WorkflowDefinition Parse(string text)
    {
        if (ByInstance.TryGetValue(text, out var same))
            return same;
        if (Checked.TryGetValue(text, out var known))
        {
            ByInstance.AddOrUpdate(text, known);
            return known;
        }
        if (string.IsNullOrWhiteSpace(text))
            throw Reject.Invalid("definition", "is required");
        if (System.Text.Encoding.UTF8.GetByteCount(text) > WorkflowLimits.MaxDefinitionBytes)
            throw Reject.Invalid("definition", $"must be at most {WorkflowLimits.MaxDefinitionBytes} bytes");
        WorkflowDefinition? definition;
        try
        {
            definition = JsonSerializer.Deserialize<WorkflowDefinition>(text, Json);
        }
        catch (JsonException ex)
        {
            throw Reject.Invalid(ex.Path is { Length: > 1 } path ? "definition" + path[1..] : "definition", $"is not a valid definition: {ex.Message}");
        }
        if (definition is null)
            throw Reject.Invalid("definition", "must be a JSON object");
        Check(definition);
        if (Checked.Count > 2_000)
            Checked.Clear();
        Checked[text] = definition;
        ByInstance.AddOrUpdate(text, definition);
        return definition;
    }

    private static void Check(WorkflowDefinition definition)
    {
        if (definition.Steps is not { Count: > 0 } steps)
            throw Reject.Invalid("steps", "must list at least one step");
        if (steps.Count > WorkflowLimits.MaxSteps)
            throw Reject.Invalid("steps", $"must have at most {WorkflowLimits.MaxSteps} steps");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < steps.Count; i++)
        {
            var id = steps[i]?.Id;
            if (!GrainIds.IsEntityId(id))
                throw Reject.Invalid($"steps[{i}].id", $"must be {GrainIds.EntityIdRule}");
            if (!ids.Add(id!))
                throw Reject.Invalid($"steps.{id}.id", "is used by another step");
        }
        foreach (var step in steps)
            CheckStep(step, ids);
        var order = TopologicalOrder(steps);
        var ancestors = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var step in order)
        {
            var before = new HashSet<string>(StringComparer.Ordinal);
            foreach (var dependency in step.DependsOn)
            {
                before.Add(dependency);
                before.UnionWith(ancestors[dependency]);
            }
            ancestors[step.Id] = before;
            CheckPaths(step.Input, $"steps.{step.Id}.input", before);
            foreach (var placeholder in JsonPaths.Placeholders(step.Prompt ?? ""))
                CheckPath(placeholder, $"steps.{step.Id}.prompt", before);
            CompensationDefinitions.Check(step, before, ids);
            CheckFanOutPaths(step, before);
        }
        CheckPaths(definition.Output, "output", ids);
        if (definition.Trigger is { } trigger && !EventTypePatterns.IsValid(trigger.EventType))
            throw Reject.Invalid("trigger.eventType", EventTypePatterns.Rule);
    }

    /// <summary>What <paramref name="step"/>'s kind needs; refusals name <paramref name="at"/> (the step itself by default).</summary>
    internal static void CheckStep(StepDefinition step, HashSet<string> ids, string? at = null)
    {
        at ??= $"steps.{step.Id}";
        if (!StepKinds.All.Contains(step.Kind ?? ""))
            throw Reject.Invalid($"{at}.kind", $"must be one of {string.Join(", ", StepKinds.All)}");
        foreach (var dependency in step.DependsOn ?? [])
        {
            if (!ids.Contains(dependency ?? ""))
                throw Reject.Invalid($"{at}.dependsOn", $"names '{dependency}', which is not a step of this template");
            if (dependency == step.Id)
                throw Reject.Invalid($"{at}.dependsOn", "must not name the step itself");
        }
        if (step.DependsOn is null)
            throw Reject.Invalid($"{at}.dependsOn", "must be a list of step ids");
        if (step.Input is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null) })
            throw Reject.Invalid($"{at}.input", "must be a JSON object");
        switch (step.Kind)
        {
            case StepKinds.Tool when !ToolNames.IsValid(step.Tool ?? ""):
                throw Reject.Invalid($"{at}.tool", "must name a registered or built-in tool");
            case StepKinds.Wait when step.Seconds is not (>= 0 and <= WorkflowLimits.MaxWaitSeconds):
                throw Reject.Invalid($"{at}.seconds", $"must be a number of seconds from 0 to {WorkflowLimits.MaxWaitSeconds}");
            case StepKinds.Signal when !GrainIds.IsEntityId(step.Signal):
                throw Reject.Invalid($"{at}.signal", $"must be a signal name: {GrainIds.EntityIdRule}");
            case StepKinds.Approval when step.Role is not ("admin" or "user"):
                throw Reject.Invalid($"{at}.role", "must be the role that may approve: admin or user");
            case StepKinds.Persona:
                CheckPersonaStep(step, at);
                break;
            case StepKinds.Task:
                CheckTaskStep(step, at);
                break;
        }
        CheckEventMatch(step, at);
        CheckFanOutStep(step, at, ids);
        if (step.Kind is not (StepKinds.Persona or StepKinds.Decompose))
        {
            foreach (var (field, value) in new[] { ("persona", (object?)step.Persona), ("prompt", step.Prompt), ("schema", step.Schema) })
            {
                if (value is not null)
                    throw Reject.Invalid($"{at}.{field}", "belongs to persona steps only");
            }
        }
        if (step.Kind != StepKinds.Persona && step.Tools is not null)
            throw Reject.Invalid($"{at}.tools", "belongs to persona steps only");
        if (step.TimeoutSeconds is < 0 or > WorkflowLimits.MaxTimeoutSeconds)
            throw Reject.Invalid($"{at}.timeoutSeconds", $"must be 0 (none) to {WorkflowLimits.MaxTimeoutSeconds}");
        if (step.Retry is { } retry)
        {
            if (retry.MaxAttempts is < 1 or > WorkflowLimits.MaxAttempts)
                throw Reject.Invalid($"{at}.retry.maxAttempts", $"must be 1..{WorkflowLimits.MaxAttempts}");
            if (retry.InitialDelayMs is < 0 or > WorkflowLimits.MaxDelayMs)
                throw Reject.Invalid($"{at}.retry.initialDelayMs", $"must be 0..{WorkflowLimits.MaxDelayMs}");
            if (retry.MaxDelayMs < retry.InitialDelayMs || retry.MaxDelayMs > WorkflowLimits.MaxDelayMs)
                throw Reject.Invalid($"{at}.retry.maxDelayMs", $"must be at least initialDelayMs and at most {WorkflowLimits.MaxDelayMs}");
            if (retry.Multiplier is < 1 or > 10)
                throw Reject.Invalid($"{at}.retry.multiplier", "must be 1..10");
            if (retry.Jitter is not ("full" or "none"))
                throw Reject.Invalid($"{at}.retry.jitter", "must be full or none");
        }
    }

    /// <summary>A signal step's event: a type pattern, and a correlation read from the input (known when the run starts).</summary>
    private static void CheckEventMatch(StepDefinition step, string at)
    {
        if (step.Event is not { } match)
            return;
        if (step.Kind != StepKinds.Signal)
            throw Reject.Invalid($"{at}.event", "belongs to signal steps only");
        if (!EventTypePatterns.IsValid(match.Type))
            throw Reject.Invalid($"{at}.event.type", EventTypePatterns.Rule);
        if (!JsonPaths.IsPath(match.Correlation ?? "") || JsonPaths.Source(match.Correlation!) is not "")
            throw Reject.Invalid($"{at}.event.correlation",
                "must be a JSON path into the workflow's input ($.input.…): the value an event's metadata correlationId must equal");
    }

    private static void CheckPersonaStep(StepDefinition step, string at)
    {
        CheckStepTools(step, at);
        if (!GrainIds.IsEntityId(step.Persona))
            throw Reject.Invalid($"{at}.persona", $"must be the id of the persona to ask: {GrainIds.EntityIdRule}");
        if (string.IsNullOrWhiteSpace(step.Prompt))
            throw Reject.Invalid($"{at}.prompt", "is required: what the persona is asked, with {{$.path}} placeholders");
        if (step.Prompt.Length > WorkflowLimits.MaxPromptLength)
            throw Reject.Invalid($"{at}.prompt", $"must be at most {WorkflowLimits.MaxPromptLength} characters");
        if (step.Schema is not { } schema)
            return;
        if (schema.ValueKind != JsonValueKind.Object)
            throw Reject.Invalid($"{at}.schema", "must be a JSON Schema object");
        var text = schema.GetRawText();
        if (System.Text.Encoding.UTF8.GetByteCount(text) > WorkflowLimits.MaxSchemaBytes)
            throw Reject.Invalid($"{at}.schema", $"must be at most {WorkflowLimits.MaxSchemaBytes} bytes");
        JsonSchemas.Parse($"{at}.schema", text);
    }

    private static void CheckStepTools(StepDefinition step, string at)
    {
        if (step.Tools is not { } tools)
            return;
        if (tools.Count > Personas.PersonaLimits.MaxTools)
            throw Reject.Invalid($"{at}.tools", $"must name at most {Personas.PersonaLimits.MaxTools} tools (had {tools.Count})");
        for (var i = 0; i < tools.Count; i++)
        {
            if (!ToolNames.IsValid(tools[i]))
                throw Reject.Invalid($"{at}.tools[{i}]", ToolNames.Rule);
        }
    }

    /// <summary>A task step's input says what the task is: a goal (required), skills (a list), a priority; each a value or a JSON path.</summary>
    private static void CheckTaskStep(StepDefinition step, string at)
    {
        if (step.Input is not { ValueKind: JsonValueKind.Object } input)
            throw Reject.Invalid($"{at}.input", "must be an object with the task's goal (and optionally skills and priority)");
        CheckTaskFields(input, $"{at}.input");
    }

    /// <summary>What a task is (a task step's input, a static subtask): goal (required), skills, priority, input; each a value or a JSON path.</summary>
    private static void CheckTaskFields(JsonElement input, string at)
    {
        foreach (var property in input.EnumerateObject())
        {
            var field = $"{at}.{property.Name}";
            var value = property.Value;
            var isPath = value.ValueKind == JsonValueKind.String && JsonPaths.IsPath(value.GetString()!);
            switch (property.Name)
            {
                case "goal" when !isPath && (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString())):
                    throw Reject.Invalid(field, "must be the task's goal: text, or a JSON path to it");
                case "skills" when !isPath && (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() > 10):
                    throw Reject.Invalid(field, "must be a list of at most 10 skills, or a JSON path to one");
                case "priority" when !isPath && TaskPriorityOf(value.GetString()) is null:
                    throw Reject.Invalid(field, "must be low, normal, high or critical, or a JSON path to one");
                case "goal" or "skills" or "priority" or "input":
                    break;
                default:
                    throw Reject.Invalid(field, "is not a task field: goal, skills, priority or input");
            }
        }
        if (!input.TryGetProperty("goal", out _))
            throw Reject.Invalid($"{at}.goal", "is required: what the task is to achieve");
    }

    /// <summary>A task priority's name as a template writes it; null when it is none.</summary>
    public static Inbound.Work.WorkPriority? TaskPriorityOf(string? name) => name switch
    {
        "low" => Inbound.Work.WorkPriority.Low,
        "normal" => Inbound.Work.WorkPriority.Normal,
        "high" => Inbound.Work.WorkPriority.High,
        "critical" => Inbound.Work.WorkPriority.Critical,
        _ => null,
    };

    /// <summary>The steps, each after its dependencies (Kahn's algorithm); a cycle is refused naming a step on it.</summary>
    private static List<StepDefinition> TopologicalOrder(IReadOnlyList<StepDefinition> steps)
    {
        var waiting = steps.ToDictionary(s => s.Id, s => s.DependsOn.Distinct(StringComparer.Ordinal).Count(), StringComparer.Ordinal);
        var order = new List<StepDefinition>();
        var ready = new Queue<StepDefinition>(steps.Where(s => waiting[s.Id] == 0));
        while (ready.TryDequeue(out var step))
        {
            order.Add(step);
            foreach (var next in steps.Where(s => s.DependsOn.Contains(step.Id)))
            {
                if (--waiting[next.Id] == 0)
                    ready.Enqueue(next);
            }
        }
        if (order.Count < steps.Count)
        {
            var onCycle = steps.First(s => waiting[s.Id] > 0);
            throw Reject.Invalid($"steps.{onCycle.Id}.dependsOn", "forms a cycle: the dependencies must form a DAG");
        }
        return order;
    }

    internal static void CheckPaths(JsonElement? value, string field, IReadOnlySet<string> readable)
    {
        foreach (var (path, at) in PathsIn(value, field))
            CheckPath(path, at, readable);
    }

    internal static void CheckPath(string path, string field, IReadOnlySet<string> readable)
    {
        var source = JsonPaths.Source(path)
            ?? throw Reject.Invalid(field, $"'{path}' must read $.input… or $.steps.<id>.output…");
        if (source == JsonPaths.ErrorSource && !readable.Contains(source))
            throw Reject.Invalid(field, $"'{path}' reads why the workflow is undone, which only a step's compensation may read");
        if (source.Length > 0 && !readable.Contains(source))
            throw Reject.Invalid(field, $"'{path}' reads step '{source}', which this step does not depend on");
    }
}
