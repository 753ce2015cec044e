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
    public const string Map = "map";
    public const string Decompose = "decompose";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Tool, Wait, Signal, Approval, Persona, Task, Map, Decompose };

    /// <summary>The kinds whose step runs a list of items, each with its own attempts: <c>map</c> and <c>decompose</c>.</summary>
    public static bool FansOut(string kind) => kind is Map or Decompose;
}
