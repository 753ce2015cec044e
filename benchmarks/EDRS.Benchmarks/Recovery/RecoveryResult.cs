namespace EDRS.Benchmarks.Recovery;

/// <summary>Re-activation times of one persona with <paramref name="Events"/> events (medians and maxima of several re-activations, ms).</summary>
internal sealed record RecoveryResult(int Events, double WithSnapshotMs, double WithSnapshotMaxMs, double WithoutSnapshotMs, double WithoutSnapshotMaxMs, int SnapshotTail);
