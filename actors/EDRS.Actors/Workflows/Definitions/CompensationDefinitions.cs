using EDRS.Grains.Runtime;

namespace EDRS.Actors.Workflows.Definitions;

/// <summary>
/// Checks a step's <c>compensate</c>: a <c>tool</c> or <c>persona</c> step (its usual fields, its own retry policy and
/// timeout) whose input and prompt read what the step itself may read, plus the step's own output
/// (<c>$.steps.&lt;step&gt;.output…</c>) and <c>$.error</c> (why the workflow is undone). Refusals name
/// <c>steps.&lt;id&gt;.compensate.&lt;field&gt;</c>.
/// </summary>
public static class CompensationDefinitions
{
    /// <summary>The kinds a compensation may be: an activity the executor runs, never a wait for something outside.</summary>
    private static readonly IReadOnlySet<string> Kinds = new HashSet<string>(StringComparer.Ordinal) { StepKinds.Tool, StepKinds.Persona };

    /// <param name="step">The step whose compensation is checked.</param>
    /// <param name="readable">The steps <paramref name="step"/> transitively depends on.</param>
    /// <param name="ids">Every step of the template.</param>
    public static void Check(StepDefinition step, IReadOnlySet<string> readable, HashSet<string> ids)
    {
        if (step.Compensate is not { } compensation)
            return;
        var at = $"steps.{step.Id}.compensate";
        if (!Kinds.Contains(compensation.Kind ?? ""))
            throw Reject.Invalid($"{at}.kind", "must be tool or persona: a compensation is a call that undoes the step");
        foreach (var (field, present) in new[]
        {
            ("id", compensation.Id.Length > 0), ("dependsOn", compensation.DependsOn is not { Count: 0 }), ("compensate", compensation.Compensate is not null),
            ("seconds", compensation.Seconds is not null), ("signal", compensation.Signal is not null), ("role", compensation.Role is not null),
        })
        {
            if (present)
                throw Reject.Invalid($"{at}.{field}", "does not belong to a compensation: it runs when the workflow is undone, after its step");
        }
        WorkflowDefinitions.CheckStep(compensation, ids, at);
        var own = new HashSet<string>(readable, StringComparer.Ordinal) { step.Id, JsonPaths.ErrorSource };
        WorkflowDefinitions.CheckPaths(compensation.Input, $"{at}.input", own);
        foreach (var placeholder in JsonPaths.Placeholders(compensation.Prompt ?? ""))
            WorkflowDefinitions.CheckPath(placeholder, $"{at}.prompt", own);
    }
}
