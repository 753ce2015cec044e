namespace EDRS.Pulsar;

/// <summary>
/// Where the broker stored a message: ledger and entry, and the index inside a batched entry (-1 when not batched).
/// A send that the broker dropped as a duplicate (its producer name and sequence id were already persisted)
/// returns <see cref="Duplicate"/>.
/// </summary>
public readonly record struct MessageId(long LedgerId, long EntryId, int Partition = -1, int BatchIndex = -1)
{
    /// <summary>The broker persisted this sequence id earlier (broker-side deduplication); nothing new was written.</summary>
    public static readonly MessageId Duplicate = new(-1, -1);

    public bool IsDuplicate => LedgerId == -1 && EntryId == -1;

    public override string ToString() => BatchIndex < 0 ? $"{LedgerId}:{EntryId}:{Partition}" : $"{LedgerId}:{EntryId}:{Partition}:{BatchIndex}";

    internal static MessageId From(Protocol.MessageIdData data) =>
        new(unchecked((long)data.LedgerId), unchecked((long)data.EntryId), data.Partition, data.BatchIndex);

    internal Protocol.MessageIdData ToData(bool entryOnly = false)
    {
        var data = new Protocol.MessageIdData { LedgerId = unchecked((ulong)LedgerId), EntryId = unchecked((ulong)EntryId) };
        if (Partition >= 0)
            data.Partition = Partition;
        if (!entryOnly && BatchIndex >= 0)
            data.BatchIndex = BatchIndex;
        return data;
    }
}
