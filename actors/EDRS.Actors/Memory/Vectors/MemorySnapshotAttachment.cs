using EDRS.Grains.Runtime;

namespace EDRS.Actors.Memory.Vectors;

/// <summary>
/// The binary part of a memory grain's snapshot: every memory's vector in half precision (JSON would triple them), then
/// the in-member index's own snapshot (<see cref="MemoryIndex.Export"/>) when the index lives in the member. Recovery puts
/// the vectors back into the state and loads the index, so an activation embeds nothing and rebuilds no graph.
/// </summary>
/// <remarks>Format (little-endian): magic "EDRSMEM1"; count; per memory: id, byte length, half-precision vector; index length (0: none), index bytes.</remarks>
public sealed class MemorySnapshotAttachment(MemoryIndex index) : ISnapshotAttachment<MemoryState>
{
    private static readonly byte[] Magic = "EDRSMEM1"u8.ToArray();

    public byte[]? Export(MemoryState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer))
        {
            writer.Write(Magic);
            writer.Write(state.Entries.Count);
            foreach (var entry in state.Entries.Values)
            {
                var vector = HalfVectors.Encode(entry.Vector);
                writer.Write(entry.Id);
                writer.Write(vector.Length);
                writer.Write(vector);
            }
            var graph = index.Export();
            writer.Write(graph?.Length ?? 0);
            if (graph is not null)
                writer.Write(graph);
        }
        return buffer.ToArray();
    }

    public MemoryState Import(MemoryState state, byte[] attachment)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(attachment);
        using var reader = new BinaryReader(new MemoryStream(attachment));
        if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
            throw new InvalidDataException("The memory snapshot's binary part is not in the EDRSMEM1 format.");
        var entries = state.Entries;
        var count = reader.ReadInt32();
        for (var i = 0; i < count; i++)
        {
            var id = reader.ReadInt64();
            var vector = HalfVectors.Decode(reader.ReadBytes(reader.ReadInt32()));
            if (entries.TryGetValue(id, out var entry))
                entries = entries.SetItem(id, entry with { Vector = vector });
        }
        var graphLength = reader.ReadInt32();
        if (graphLength > 0)
            index.Import(reader.ReadBytes(graphLength));
        return state with { Entries = entries };
    }
}
