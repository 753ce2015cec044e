using EDRS.Actors.Workflows.Definitions;
using EDRS.Persistence.Workflows;

namespace EDRS.Actors.Workflows.Triggers;

/// <summary>The inbound events a run waits for: one per signal step with an <see cref="StepEventMatch"/> whose correlation its input gives.</summary>
public static class EventWaits
{
    /// <summary>Longest correlation id kept; a longer value in the input is no correlation id (the step then waits for the API's signal only).</summary>
    public const int MaxCorrelationLength = 200;

    public static List<WorkflowEventWait> Of(string tenant, WorkflowState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var waits = new List<WorkflowEventWait>();
        if (!state.Exists)
            return waits;
        var steps = state.Parsed.Steps.Where(s => s.Event is not null).ToList();
        if (steps.Count == 0)
            return waits;
        var context = WorkflowDecider.Context(state);
        foreach (var step in steps)
        {
            var correlation = JsonPaths.Render("{{" + step.Event!.Correlation + "}}", context);
            if (correlation.Length is > 0 and <= MaxCorrelationLength)
                waits.Add(new WorkflowEventWait(tenant, correlation, state.WorkflowId, step.Id, step.Event.Type, step.Signal!));
        }
        return waits;
    }
}
