using System.Diagnostics;

namespace EDRS.Benchmarks.Measurement;

/// <summary>Throughput and latency percentiles of the commands completed in a measured window.</summary>
internal sealed record LatencySummary(long Count, double PerSecond, double P50Ms, double P99Ms, double MaxMs)
{
    /// <summary>Summarizes latencies given as <see cref="Stopwatch"/> ticks, completed within <paramref name="window"/>.</summary>
    public static LatencySummary From(IEnumerable<List<long>> perCaller, TimeSpan window)
    {
        var all = perCaller.SelectMany(l => l).ToArray();
        if (all.Length == 0)
            return new LatencySummary(0, 0, 0, 0, 0);
        Array.Sort(all);
        return new LatencySummary(
            all.Length,
            all.Length / window.TotalSeconds,
            Ms(Percentile(all, 0.50)),
            Ms(Percentile(all, 0.99)),
            Ms(all[^1]));
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    private static long Percentile(long[] sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
