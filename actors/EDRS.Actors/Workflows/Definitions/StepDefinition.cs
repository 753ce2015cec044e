using System.Text.Json;

namespace EDRS.Actors.Workflows.Definitions;

/// <summary>
/// One step of a template: its <see cref="Id"/>, <see cref="Kind"/> (<see cref="StepKinds"/>), the steps it waits for,
/// its input (JSON whose strings starting with <c>$.</c> are JSON paths into the workflow's input and earlier outputs), and
/// what its kind needs: <c>tool</c> a tool name; <c>wait</c> seconds; <c>signal</c> a signal name; <c>approval</c> a role.
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

    public string? Role { get; init; }

    /// <summary>How long the step may take before it fails (a tool attempt, or the wait for a signal or an approval); 0: no limit but the tool's own.</summary>
    public int TimeoutSeconds { get; init; }

    public RetryPolicy? Retry { get; init; }

    public RetryPolicy RetryPolicy => Retry ?? RetryPolicy.Default;
}
