namespace EDRS.Actors.Workflows;

/// <summary>How workflows run (section <c>Workflows</c>; environment variables <c>Workflows__...</c>).</summary>
public sealed class WorkflowsOptions
{
    public const string Section = "Workflows";

    /// <summary>
    /// How long a process that takes events in keeps a tenant's template triggers before reading them from the registry
    /// again: a template registered (or changed) starts runs for events that arrive after at most this long. Default 2 s.
    /// </summary>
    public TimeSpan TriggerTtl { get; set; } = TimeSpan.FromSeconds(2);

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (TriggerTtl < TimeSpan.Zero || TriggerTtl > TimeSpan.FromMinutes(10))
            problems.Add($"Workflows:TriggerTtl must be 0..10 min (was {TriggerTtl}): set Workflows__TriggerTtl (e.g. 00:00:02).");
        return problems;
    }
}
