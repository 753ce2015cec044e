using System.Collections.Immutable;
using EDRS.Actors.Workflows.Definitions;

namespace EDRS.Actors.Workflows;

/// <summary>
/// A workflow instance as its journal tells it. <see cref="Definition"/> is its own copy of the template version;
/// <see cref="Undoing"/> is set once it compensates its steps.
/// </summary>
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
    DateTimeOffset? FinishedAt,
    WorkflowCompensation? Undoing = null)
{
    public static readonly WorkflowState Initial = new("", "", 0, "", "", WorkflowStatus.None, ImmutableDictionary<string, StepRun>.Empty,
        ImmutableDictionary<string, string>.Empty, "", "", default, null);

    public bool Exists => Status != WorkflowStatus.None;

    public bool IsRunning => Status == WorkflowStatus.Running;

    /// <summary>
    /// Running or paused: steps in flight may still end (a paused instance records what arrives, but starts nothing). An
    /// instance paused while it undoes its steps is not: its steps are over.
    /// </summary>
    public bool IsActive => Status is WorkflowStatus.Running or WorkflowStatus.Paused && Undoing is null;

    /// <summary>Running its compensations (see <see cref="Undoing"/>).</summary>
    public bool IsCompensating => Status == WorkflowStatus.Compensating;

    /// <summary>The executor has something to do: steps to run, or compensations.</summary>
    public bool IsExecuting => IsRunning || IsCompensating;

    public WorkflowDefinition Parsed => WorkflowDefinitions.Parse(Definition);
}
