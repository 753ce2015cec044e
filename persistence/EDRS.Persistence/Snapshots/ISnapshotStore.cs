namespace EDRS.Persistence.Snapshots;

/// <summary>The latest snapshot of each stream; an older snapshot never replaces a newer one.</summary>
public interface ISnapshotStore
{
    Task<Snapshot?> LoadAsync(string streamKey, CancellationToken cancellationToken = default);

    /// <summary>Stores <paramref name="snapshot"/> unless a snapshot at a later version is already stored.</summary>
    Task SaveAsync(Snapshot snapshot, CancellationToken cancellationToken = default);
}
