namespace EDRS.Pulsar.FakeBroker;

/// <summary>A fake topic: its entries, the dedup state per producer name, and its subscriptions.</summary>
internal sealed class FakeTopic(string name)
{
    public string Name { get; } = name;

    public List<FakeEntry> Entries { get; } = [];

    public Dictionary<string, long> LastSequenceIds { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, FakeSubscription> Subscriptions { get; } = new(StringComparer.Ordinal);
}
