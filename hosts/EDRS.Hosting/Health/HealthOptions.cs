namespace EDRS.Hosting.Health;

/// <summary>Health probes (section <c>Health</c>; environment variables <c>Health__...</c>).</summary>
public sealed class HealthOptions
{
    public const string Section = "Health";

    /// <summary>
    /// How long a readiness check's result is reused: probes from many kubelets and load balancers then cost the
    /// database at most one query per check per period. Default 2 s; 0 checks on every probe.
    /// </summary>
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A check that has not answered within this time is unhealthy. Default 2 s.</summary>
    public TimeSpan CheckTimeout { get; set; } = TimeSpan.FromSeconds(2);

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (CacheDuration < TimeSpan.Zero || CacheDuration > TimeSpan.FromMinutes(1))
            problems.Add($"Health:CacheDuration must be 0..60 s (was {CacheDuration}): set Health__CacheDuration (e.g. 00:00:02).");
        if (CheckTimeout < TimeSpan.FromMilliseconds(100) || CheckTimeout > TimeSpan.FromSeconds(30))
            problems.Add($"Health:CheckTimeout must be 100 ms..30 s (was {CheckTimeout}): set Health__CheckTimeout (e.g. 00:00:02).");
        return problems;
    }
}
