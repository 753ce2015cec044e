namespace EDRS.Pulsar.FakeBroker;

/// <summary>A consumer attached to a fake subscription, with its permits.</summary>
internal sealed class FakeConsumer(ulong consumerId, string name, FakeSubscription subscription, FakeBrokerConnection connection)
{
    public ulong ConsumerId { get; } = consumerId;

    public string Name { get; } = name;

    public FakeSubscription Subscription { get; } = subscription;

    public FakeBrokerConnection Connection { get; } = connection;

    public long AvailablePermits { get; set; }

    public long PermitsGranted { get; set; }

    public long MessagesDispatched { get; set; }
}
