using System.Text.Json;

namespace EDRS.Actors.Workflows.Definitions;

/// <summary>A template's definition: its steps (a DAG through <see cref="StepDefinition.DependsOn"/>) and its output (JSON paths like a step's input).</summary>
public sealed record WorkflowDefinition
{
    public string Description { get; init; } = "";

    public IReadOnlyList<StepDefinition> Steps { get; init; } = [];

    public JsonElement? Output { get; init; }

    /// <summary>When set, inbound events of a matching type start the template (see <see cref="WorkflowTrigger"/>).</summary>
    public WorkflowTrigger? Trigger { get; init; }

    public StepDefinition Step(string id) => Steps.First(s => s.Id == id);
}
