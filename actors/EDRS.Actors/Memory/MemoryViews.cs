using EDRS.Actors.Memory.Retrieval;
using EDRS.Grains.Contracts.Memory;
using Google.Protobuf.WellKnownTypes;

namespace EDRS.Actors.Memory;

/// <summary>Memories as the contract shows them.</summary>
public static class MemoryViews
{
    public static MemoryView ToView(MemoryEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var view = new MemoryView
        {
            Id = entry.Id,
            Text = entry.Text,
            PersonId = entry.PersonId,
            Kind = EntryKinds.ToContract(entry.Kind),
            Importance = entry.Importance,
            OccurredAt = Timestamp.FromDateTimeOffset(entry.OccurredAt),
            RecordedAt = Timestamp.FromDateTimeOffset(entry.RecordedAt),
            Source = EntrySources.ToContract(entry.Source),
        };
        view.Supersedes.AddRange(entry.Supersedes);
        view.SupersededBy.AddRange(entry.SupersededBy);
        return view;
    }

    public static ScoredMemory ToScored(RankedMemory ranked)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        return new ScoredMemory { Memory = ToView(ranked.Entry), Score = ranked.Score, Superseded = ranked.Superseded };
    }
}
