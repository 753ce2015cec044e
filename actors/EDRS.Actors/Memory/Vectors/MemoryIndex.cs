using System.Globalization;
using EDRS.Vectors;
using Microsoft.Extensions.VectorData;

namespace EDRS.Actors.Memory.Vectors;

/// <summary>
/// A persona memory's vector index (<see cref="VectorIndex{TRecord}"/>: in-member HNSW or Qdrant, by configuration), kept in
/// step with the grain's state, which is the truth: vectors come from the state (decoded from events and snapshots), never
/// from embedding again. With the in-member store the index's own snapshot travels in the grain's snapshot
/// (<see cref="MemorySnapshotAttachment"/>), so activation loads the graph instead of rebuilding it, then adds or removes
/// only what changed after that snapshot.
/// </summary>
public sealed class MemoryIndex : IDisposable
{
    private readonly VectorIndex<MemoryVectorRecord> _index;
    private readonly HashSet<long> _indexed = [];
    private bool _imported;
    private bool _exists;

    public MemoryIndex(IVectorIndexFactory factory, string owner)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _index = factory.Create<MemoryVectorRecord>(new VectorIndexName("memory", owner));
    }

    /// <summary>True when the index lives in this member and its snapshot must travel with the grain's.</summary>
    public bool KeepsSnapshot => _index.OwnerKeepsSnapshot;

    /// <summary>The ids the in-member index holds, then its own binary snapshot (null: the store keeps itself).</summary>
    public byte[]? Export()
    {
        if (!KeepsSnapshot || !_exists)
            return null;
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer))
        {
            writer.Write(_indexed.Count);
            foreach (var id in _indexed)
                writer.Write(id);
            var graph = _index.Export();
            writer.Write(graph.Length);
            writer.Write(graph);
        }
        return buffer.ToArray();
    }

    /// <summary>Loads what <see cref="Export"/> wrote, without re-indexing.</summary>
    public void Import(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (!KeepsSnapshot)
            return;
        using var reader = new BinaryReader(new MemoryStream(bytes));
        var count = reader.ReadInt32();
        _indexed.Clear();
        for (var i = 0; i < count; i++)
            _indexed.Add(reader.ReadInt64());
        var graph = reader.ReadBytes(reader.ReadInt32());
        _index.Import(graph);
        _imported = true;
        _exists = true;
    }

    /// <summary>
    /// Brings the index in step with <paramref name="state"/> after recovery: the in-member index, loaded from the snapshot,
    /// gets the memories recorded after it and loses those dropped since; otherwise (no snapshot, or a store that keeps
    /// itself) every memory is upserted, which is idempotent.
    /// </summary>
    public async Task SyncAsync(MemoryState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        await EnsureAsync(cancellationToken).ConfigureAwait(false);
        if (_imported)
        {
            var gone = _indexed.Where(id => !state.Entries.ContainsKey(id)).ToList();
            await DeleteAsync(gone, cancellationToken).ConfigureAwait(false);
            await UpsertAsync(state.Entries.Values.Where(e => !_indexed.Contains(e.Id)), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await UpsertAsync(state.Entries.Values, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Starts the index over from <paramref name="state"/>: after an erasure, so no trace of an erased vector stays in the
    /// graph's storage (a deletion only marks its node).
    /// </summary>
    public async Task RebuildAsync(MemoryState state, IReadOnlyCollection<long> erased, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (KeepsSnapshot)
        {
            await _index.EnsureCollectionDeletedAsync(cancellationToken).ConfigureAwait(false);
            _indexed.Clear();
            _exists = false;
            await EnsureAsync(cancellationToken).ConfigureAwait(false);
            await UpsertAsync(state.Entries.Values, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await DeleteAsync(erased, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task UpsertAsync(IEnumerable<MemoryEntry> entries, CancellationToken cancellationToken)
    {
        await EnsureAsync(cancellationToken).ConfigureAwait(false);
        var records = entries.Where(e => e.Vector.Length == MemoryVectorRecord.Dimensions).Select(e => new MemoryVectorRecord
        {
            Key = Key(e.Id),
            OccurredAt = e.OccurredAt,
            Vector = e.Vector,
        }).ToList();
        if (records.Count == 0)
            return;
        await _index.UpsertAsync(records, cancellationToken).ConfigureAwait(false);
        foreach (var record in records)
            _indexed.Add(long.Parse(record.Key, CultureInfo.InvariantCulture));
    }

    public async Task DeleteAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
            return;
        await EnsureAsync(cancellationToken).ConfigureAwait(false);
        await _index.DeleteAsync(ids.Select(Key), cancellationToken).ConfigureAwait(false);
        _indexed.ExceptWith(ids);
    }

    /// <summary>The ids of the <paramref name="top"/> memories nearest <paramref name="vector"/> among those that occurred by <paramref name="asOf"/>.</summary>
    public async Task<IReadOnlyList<long>> NearestAsync(float[] vector, int top, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        await EnsureAsync(cancellationToken).ConfigureAwait(false);
        var ids = new List<long>(top);
        var options = new VectorSearchOptions<MemoryVectorRecord> { Filter = r => r.OccurredAt <= asOf };
        await foreach (var hit in _index.SearchAsync(new ReadOnlyMemory<float>(vector), top, options, cancellationToken).ConfigureAwait(false))
            ids.Add(long.Parse(hit.Record.Key, CultureInfo.InvariantCulture));
        return ids;
    }

    private async Task EnsureAsync(CancellationToken cancellationToken)
    {
        if (_exists)
            return;
        await _index.EnsureCollectionExistsAsync(cancellationToken).ConfigureAwait(false);
        _exists = true;
    }

    private static string Key(long id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>Frees the index (an in-member graph's native memory) when its grain stops.</summary>
    public void Dispose() => _index.Dispose();
}
