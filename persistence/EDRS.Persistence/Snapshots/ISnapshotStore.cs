namespace EDRS.Persistence.Snapshots;

/// <summary>The latest snapshot of each stream; an older snapshot never replaces a newer one.</summary>
public interface ISnapshotStore
{
    /// <summary>The stream's latest snapshot and the version its journal has reached, together (one round trip for an activation).</summary>
    Task<RecoveryStart> LoadAsync(string streamKey, CancellationToken cancellationToken = default);

    /// <summary>Stores <paramref name="snapshot"/> unless a snapshot at a later version is already stored.</summary>
    Task SaveAsync(Snapshot snapshot, CancellationToken cancellationToken = default);
}
