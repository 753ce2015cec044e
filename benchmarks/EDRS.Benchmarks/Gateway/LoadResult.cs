using EDRS.Benchmarks.Measurement;

namespace EDRS.Benchmarks.Gateway;

/// <summary>One load run: latencies of the successful requests in the window, failures, and every status seen.</summary>
internal sealed record LoadResult(LatencySummary Latency, long Failures, Dictionary<int, long> Statuses);
