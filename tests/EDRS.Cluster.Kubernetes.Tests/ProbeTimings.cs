namespace EDRS.Cluster.Kubernetes.Tests;

/// <summary>One probe's timings, as a pod spec gives them.</summary>
public sealed record ProbeTimings(TimeSpan InitialDelay, TimeSpan Period, TimeSpan Timeout, int SuccessThreshold, int FailureThreshold)
{
    /// <summary>The chart's startup probe of every cluster pod (5/5/3/1/12; pinned by the chart tests' probe timings).</summary>
    public static readonly ProbeTimings ChartStartup = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(3), 1, 12);

    /// <summary>The chart's readiness probe of every cluster pod (15/10/3/1/3; pinned by the chart tests' probe timings).</summary>
    public static readonly ProbeTimings ChartReadiness = new(TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(3), 1, 3);

    /// <summary>failureThreshold × periodSeconds: how long a dependency may fail before the kubelet acts on it.</summary>
    public TimeSpan Threshold => Period * FailureThreshold;
}
