using EDRS.Pulsar.Protocol;

namespace EDRS.Pulsar.FakeBroker;

/// <summary>
/// A fake subscription's cursor: entries waiting to be dispatched (in entry order, redeliveries included), entries
/// delivered and not acknowledged (and to whom), acknowledged entries, and how often each entry was redelivered.
/// </summary>
internal sealed class FakeSubscription(string name, FakeTopic topic, CommandSubscribe.Types.SubType type)
{
    public string Name { get; } = name;

    public FakeTopic Topic { get; } = topic;

    public CommandSubscribe.Types.SubType Type { get; } = type;

    public List<FakeConsumer> Consumers { get; } = [];

    public SortedSet<long> Pending { get; } = [];

    public Dictionary<long, FakeConsumer> Unacknowledged { get; } = [];

    public HashSet<long> Acknowledged { get; } = [];

    public Dictionary<long, int> RedeliveryCounts { get; } = [];

    public List<FakeAck> Acks { get; } = [];

    public int NextConsumer { get; set; }

    /// <summary>Puts delivered entries back in line for dispatch, counting a redelivery for each.</summary>
    public void Requeue(IEnumerable<long> entries)
    {
        foreach (var entry in entries.ToList())
        {
            if (!Unacknowledged.Remove(entry))
                continue;
            RedeliveryCounts[entry] = RedeliveryCounts.GetValueOrDefault(entry) + 1;
            Pending.Add(entry);
        }
    }
}
