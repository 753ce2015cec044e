using Microsoft.Extensions.VectorData;

namespace EDRS.Vectors;

/// <summary>
/// One grain's vector index: a <see cref="VectorStoreCollection{TKey,TRecord}"/> with string keys, plus what a grain
/// needs to persist it. Grain code is the same for every store: it asks <see cref="OwnerKeepsSnapshot"/> whether to
/// keep <see cref="Export"/> in its own snapshot (in-member) or whether the store is durable by itself (Qdrant).
/// </summary>
/// <typeparam name="TRecord">The record type: one <c>string</c> key, one 384-d (or other) float vector, data fields.</typeparam>
public abstract class VectorIndex<TRecord> : VectorStoreCollection<string, TRecord>
    where TRecord : class
{
    /// <summary>The index's name (kind and owner).</summary>
    public abstract VectorIndexName IndexName { get; }

    /// <summary>
    /// <see langword="true"/> when the index lives only in this process, so the owning grain must keep
    /// <see cref="Export"/> in its snapshot and <see cref="Import"/> it on re-activation; <see langword="false"/> when
    /// the store persists the index itself.
    /// </summary>
    public abstract bool OwnerKeepsSnapshot { get; }

    /// <inheritdoc />
    public override string Name => IndexName.ToString();

    /// <summary>The whole index as a versioned binary snapshot (records, vectors and search structure).</summary>
    /// <exception cref="NotSupportedException">The store persists the index itself (<see cref="OwnerKeepsSnapshot"/> is false).</exception>
    public abstract byte[] Export();

    /// <summary>Replaces the index's content with a snapshot made by <see cref="Export"/>, without re-embedding or re-indexing.</summary>
    /// <exception cref="NotSupportedException">The store persists the index itself (<see cref="OwnerKeepsSnapshot"/> is false).</exception>
    /// <exception cref="InvalidDataException">The snapshot is damaged, of another format version, or of another record shape.</exception>
    public abstract void Import(byte[] snapshot);
}
