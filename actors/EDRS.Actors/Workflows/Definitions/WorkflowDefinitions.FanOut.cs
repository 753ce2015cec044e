using System.Text.Json;
using EDRS.Grains.Runtime;

namespace EDRS.Actors.Workflows.Definitions;

/// <summary>
/// The checks of the steps that run a list of items: a <c>map</c> step needs <c>over</c> (a JSON path to a list) and
/// <c>each</c> (a tool, persona or task step whose paths may also read <c>$.item…</c> and <c>$.index</c>); a
/// <c>decompose</c> step needs either static <c>subtasks</c> (1 to 10) or a <c>persona</c> and <c>prompt</c> that plan them.
/// </summary>
public static partial class WorkflowDefinitions
{
    /// <summary>The kinds a <c>map</c> step may run per item.</summary>
    private static readonly string[] EachKinds = [StepKinds.Tool, StepKinds.Persona, StepKinds.Task];

    private static void CheckFanOutStep(StepDefinition step, string at, HashSet<string> ids)
    {
        if (step.Kind != StepKinds.Map)
        {
            if (step.Over is not null)
                throw Reject.Invalid($"{at}.over", "belongs to map steps only");
            if (step.Each is not null)
                throw Reject.Invalid($"{at}.each", "belongs to map steps only");
        }
        if (step.Kind != StepKinds.Decompose && step.Subtasks is not null)
            throw Reject.Invalid($"{at}.subtasks", "belongs to decompose steps only");
        if (step.Kind == StepKinds.Map)
            CheckMapStep(step, at, ids);
        else if (step.Kind == StepKinds.Decompose)
            CheckDecomposeStep(step, at);
    }

    private static void CheckMapStep(StepDefinition step, string at, HashSet<string> ids)
    {
        if (string.IsNullOrWhiteSpace(step.Over))
            throw Reject.Invalid($"{at}.over", "is required: the JSON path of the list to run each item of ($.input… or $.steps.<id>.output…)");
        if (step.Input is not null)
            throw Reject.Invalid($"{at}.input", "must not be set: each item's input is each.input");
        if (step.Each is not { } each)
            throw Reject.Invalid($"{at}.each", "is required: the step to run for each item (kind tool, persona or task)");
        if (!EachKinds.Contains(each.Kind))
            throw Reject.Invalid($"{at}.each.kind", $"must be one of {string.Join(", ", EachKinds)}");
        if (each.Id.Length > 0)
            throw Reject.Invalid($"{at}.each.id", "must not be set: each item is the map step's");
        if (each.DependsOn is not { Count: 0 })
            throw Reject.Invalid($"{at}.each.dependsOn", "must not be set: the map step's dependencies are its items'");
        CheckStep(each with { Id = step.Id }, ids, $"{at}.each");
    }

    private static void CheckDecomposeStep(StepDefinition step, string at)
    {
        if (step.Schema is not null)
            throw Reject.Invalid($"{at}.schema", "must not be set: a decomposition's plan has a fixed schema ({subtasks:[{goal, skills, priority}]})");
        if (step.Input is not null)
            throw Reject.Invalid($"{at}.input", "must not be set: a decomposition's tasks are its subtasks");
        switch (step.Subtasks, step.Persona ?? step.Prompt)
        {
            case (null, null):
                throw Reject.Invalid($"{at}.subtasks", "is required: a static list of subtasks, or a persona and prompt to plan them");
            case (not null, not null):
                throw Reject.Invalid($"{at}.subtasks", "must not be set with a persona: the subtasks are either listed or planned");
            case (null, _):
                CheckPersonaStep(step, at);
                return;
        }
        var subtasks = step.Subtasks;
        if (subtasks.Count is 0 or > WorkflowLimits.MaxSubtasks)
            throw Reject.Invalid($"{at}.subtasks", $"must list 1 to {WorkflowLimits.MaxSubtasks} subtasks (a decomposition has at most {WorkflowLimits.MaxSubtasks} children), not {subtasks.Count}");
        for (var i = 0; i < subtasks.Count; i++)
        {
            if (subtasks[i].ValueKind != JsonValueKind.Object)
                throw Reject.Invalid($"{at}.subtasks[{i}]", "must be an object: {goal, skills?, priority?, input?}");
            CheckTaskFields(subtasks[i], $"{at}.subtasks[{i}]");
        }
    }

    /// <summary>
    /// The paths of a fan-out step: <c>over</c> and the static subtasks read only what the step depends on; <c>each</c>
    /// reads that too, and the current item (<c>$.item…</c>, <c>$.index</c>).
    /// </summary>
    private static void CheckFanOutPaths(StepDefinition step, HashSet<string> readable)
    {
        var at = $"steps.{step.Id}";
        if (step.Over is { } over)
        {
            if (!JsonPaths.IsPath(over) || JsonPaths.Segments(over) is null)
                throw Reject.Invalid($"{at}.over", $"'{over}' must be a JSON path ($.input… or $.steps.<id>.output…)");
            CheckPath(over, $"{at}.over", readable);
        }
        for (var i = 0; i < (step.Subtasks?.Count ?? 0); i++)
        {
            CheckPaths(step.Subtasks![i], $"{at}.subtasks[{i}]", readable);
            if (step.Subtasks[i].TryGetProperty("goal", out var goal) && goal.ValueKind == JsonValueKind.String)
            {
                foreach (var placeholder in JsonPaths.Placeholders(goal.GetString()!))
                    CheckPath(placeholder, $"{at}.subtasks[{i}].goal", readable);
            }
        }
        if (step.Each is not { } each)
            return;
        foreach (var (path, field) in PathsIn(each.Input, $"{at}.each.input")
            .Concat(JsonPaths.Placeholders(each.Prompt ?? "").Select(p => (p, $"{at}.each.prompt"))))
        {
            if (!JsonPaths.IsItemPath(path))
                CheckPath(path, field, readable);
        }
    }

    /// <summary>Every JSON path string in <paramref name="value"/>, with the field it is at.</summary>
    private static IEnumerable<(string Path, string Field)> PathsIn(JsonElement? value, string field)
    {
        if (value is not { } element)
            yield break;
        switch (element.ValueKind)
        {
            case JsonValueKind.String when JsonPaths.IsPath(element.GetString()!):
                yield return (element.GetString()!, field);
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    foreach (var found in PathsIn(property.Value, $"{field}.{property.Name}"))
                        yield return found;
                }
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    foreach (var found in PathsIn(item, $"{field}[{i++}]"))
                        yield return found;
                }
                break;
        }
    }
}
