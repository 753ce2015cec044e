namespace EDRS.Pulsar.FakeBroker;

/// <summary>A producer registered on a fake broker connection (after PRODUCER_SUCCESS).</summary>
internal sealed record FakeProducer(ulong ProducerId, string Topic, string Name, FakeBrokerConnection Connection);
