namespace EDRS.Actors.Tools.Invocation;

/// <summary>How members call tools (section <c>Tools</c>; environment variables <c>Tools__...</c>).</summary>
public sealed class ToolsOptions
{
    public const string Section = "Tools";

    /// <summary>How long a member keeps a tool's definition before reading it from the registry again. Default 2 s.</summary>
    public TimeSpan CatalogTtl { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Most bytes of a tool's response that are read and recorded. Default 1 MiB.</summary>
    public int MaxResponseBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Share of failed calls (5xx, 408, 429, timeouts, connection errors) in the sampling window that opens a tool's
    /// circuit. Default 1: the circuit opens only when every call in the window failed, that is after
    /// <see cref="BreakerMinimumThroughput"/> consecutive failures; a lower ratio also opens it on a tool that fails often
    /// but not always.
    /// </summary>
    public double BreakerFailureRatio { get; set; } = 1.0;

    /// <summary>Calls (failed ones, with the default ratio) in the sampling window before the circuit may open. Default 5.</summary>
    public int BreakerMinimumThroughput { get; set; } = 5;

    /// <summary>The breaker's sampling window. Default 30 s.</summary>
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long an open circuit refuses calls (at once, without calling the tool) before one call is let through to test
    /// it (half-open): its success closes the circuit, its failure opens it again for as long. Default 15 s.
    /// </summary>
    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (CatalogTtl < TimeSpan.Zero || CatalogTtl > TimeSpan.FromMinutes(10))
            problems.Add($"Tools:CatalogTtl must be 0..10 min (was {CatalogTtl}): set Tools__CatalogTtl.");
        if (MaxResponseBytes is < 1_024 or > 64 * 1024 * 1024)
            problems.Add($"Tools:MaxResponseBytes must be 1 KiB..64 MiB (was {MaxResponseBytes}): set Tools__MaxResponseBytes.");
        if (BreakerFailureRatio is <= 0 or > 1)
            problems.Add($"Tools:BreakerFailureRatio must be in (0, 1] (was {BreakerFailureRatio}): set Tools__BreakerFailureRatio.");
        if (BreakerMinimumThroughput < 2)
            problems.Add($"Tools:BreakerMinimumThroughput must be at least 2 (was {BreakerMinimumThroughput}): set Tools__BreakerMinimumThroughput.");
        if (BreakerSamplingDuration < TimeSpan.FromMilliseconds(500))
            problems.Add($"Tools:BreakerSamplingDuration must be at least 0.5 s (was {BreakerSamplingDuration}): set Tools__BreakerSamplingDuration.");
        if (BreakerBreakDuration < TimeSpan.FromMilliseconds(500))
            problems.Add($"Tools:BreakerBreakDuration must be at least 0.5 s (was {BreakerBreakDuration}): set Tools__BreakerBreakDuration.");
        return problems;
    }
}
