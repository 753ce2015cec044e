namespace EDRS.Actors.Workflows.Definitions;

/// <summary>The kinds of step a template may use.</summary>
public static class StepKinds
{
    public const string Tool = "tool";
    public const string Wait = "wait";
    public const string Signal = "signal";
    public const string Approval = "approval";
    public const string Persona = "persona";
    public const string Task = "task";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Tool, Wait, Signal, Approval, Persona, Task };
}
