using System.Collections.Immutable;
using EDRS.Actors.Workflows.Definitions;

namespace EDRS.Actors.Workflows;

/// <summary>A workflow instance as its journal tells it. <see cref="Definition"/> is its own copy of the template version.</summary>
public sealed record WorkflowState(
    string WorkflowId,
    string Template,
    long TemplateVersion,
    string Definition,
    string Input,
    WorkflowStatus Status,
    ImmutableDictionary<string, StepRun> Steps,
    ImmutableDictionary<string, string> Signals,
    string Output,
    string Error,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt)
{
    public static readonly WorkflowState Initial = new("", "", 0, "", "", WorkflowStatus.None, ImmutableDictionary<string, StepRun>.Empty,
        ImmutableDictionary<string, string>.Empty, "", "", default, null);

    public bool Exists => Status != WorkflowStatus.None;

    public bool IsRunning => Status == WorkflowStatus.Running;

    /// <summary>Running or paused: steps in flight may still end (a paused instance records what arrives, but starts nothing).</summary>
    public bool IsActive => Status is WorkflowStatus.Running or WorkflowStatus.Paused;

    public WorkflowDefinition Parsed => WorkflowDefinitions.Parse(Definition);
}
