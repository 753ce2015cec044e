using EDRS.Actors.Memory;
using EDRS.Grains.Contracts.Memory;

namespace EDRS.Hosts.Gateway.Memory;

/// <summary>The contract's memory views as REST responses.</summary>
internal static class MemoryResponses
{
    public static MemoryResponse From(MemoryView view) => new(
        view.Id,
        view.Text,
        view.PersonId.Length == 0 ? null : view.PersonId,
        EntryKinds.Format(EntryKinds.FromContract(view.Kind) ?? EntryKind.Note),
        view.Importance,
        view.OccurredAt.ToDateTimeOffset(),
        EntrySources.Format(EntrySources.FromContract(view.Source) ?? EntrySource.Told),
        [.. view.Supersedes],
        [.. view.SupersededBy],
        view.RecordedAt.ToDateTimeOffset());

    public static MemoryHitResponse From(ScoredMemory hit) => new(
        hit.Memory.Id,
        hit.Memory.Text,
        hit.Memory.PersonId.Length == 0 ? null : hit.Memory.PersonId,
        EntryKinds.Format(EntryKinds.FromContract(hit.Memory.Kind) ?? EntryKind.Note),
        hit.Memory.Importance,
        hit.Memory.OccurredAt.ToDateTimeOffset(),
        Math.Round(hit.Score, 4),
        hit.Superseded);
}
