using System.Text.Json;

namespace EDRS.Actors.Workflows.Definitions;

/// <summary>
/// One step of a template: its <see cref="Id"/>, <see cref="Kind"/> (<see cref="StepKinds"/>), the steps it waits for,
/// its input (JSON whose strings starting with <c>$.</c> are JSON paths into the workflow's input and earlier outputs), and
/// what its kind needs: <c>tool</c> a tool name; <c>wait</c> seconds; <c>signal</c> a signal name (and optionally the inbound <c>event</c> that delivers it); <c>approval</c> a role;
/// <c>persona</c> a persona, a prompt (with <c>{{$.path}}</c> placeholders) and optionally a JSON Schema of the answer;
/// <c>task</c> its input's <c>goal</c> (and optionally <c>skills</c>, <c>priority</c>); <c>map</c> a list to go
/// <see cref="Over"/> and a step to run for <see cref="Each"/> item; <c>decompose</c> static <see cref="Subtasks"/> or a
/// persona and prompt that plan them.
/// </summary>
public sealed record StepDefinition
{
    public string Id { get; init; } = "";

    public string Kind { get; init; } = "";

    public IReadOnlyList<string> DependsOn { get; init; } = [];

    public JsonElement? Input { get; init; }

    public string? Tool { get; init; }

    public double? Seconds { get; init; }

    public string? Signal { get; init; }

    /// <summary>A <c>signal</c> step's matching inbound event, which delivers the signal as well as the API does.</summary>
    public StepEventMatch? Event { get; init; }

    public string? Role { get; init; }

    /// <summary>The persona a <c>persona</c> step asks.</summary>
    public string? Persona { get; init; }

    /// <summary>What a <c>persona</c> step asks: text with <c>{{$.path}}</c> placeholders over the workflow's input and earlier outputs.</summary>
    public string? Prompt { get; init; }

    /// <summary>The JSON Schema a <c>persona</c> step's answer must match (it is then parsed as JSON); none: the answer is text.</summary>
    public JsonElement? Schema { get; init; }

    /// <summary>A <c>persona</c> step: the tools its model may call, narrowed from those the persona's profile names; none given: all of those.</summary>
    public IReadOnlyList<string>? Tools { get; init; }

    /// <summary>How long the step may take before it fails (a tool attempt, or the wait for a signal or an approval); 0: no limit but the tool's own.</summary>
    public int TimeoutSeconds { get; init; }

    public RetryPolicy? Retry { get; init; }

    /// <summary>
    /// What undoes this step once it succeeded and the workflow then fails or is cancelled: a <c>tool</c> or <c>persona</c>
    /// step of its own (see <see cref="CompensationDefinitions"/>); none: the step needs no undoing.
    /// </summary>
    public StepDefinition? Compensate { get; init; }

    /// <summary>A <c>map</c> step: the JSON path of the list it runs <see cref="Each"/> over.</summary>
    public string? Over { get; init; }

    /// <summary>A <c>map</c> step: what runs per item (a tool, persona or task step whose paths may read <c>$.item…</c> and <c>$.index</c>).</summary>
    public StepDefinition? Each { get; init; }

    /// <summary>A <c>decompose</c> step's static plan: at most 10 subtasks <c>{goal, skills?, priority?, input?}</c>.</summary>
    public IReadOnlyList<JsonElement>? Subtasks { get; init; }

    public RetryPolicy RetryPolicy => Retry ?? RetryPolicy.Default;
}
