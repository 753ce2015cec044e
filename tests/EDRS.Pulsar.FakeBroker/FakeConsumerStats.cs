namespace EDRS.Pulsar.FakeBroker;

/// <summary>
/// Flow-control bookkeeping of one consumer on a fake subscription: permits granted by FLOW in total, messages
/// dispatched in total, permits left, and messages delivered but not acknowledged.
/// </summary>
public sealed record FakeConsumerStats(string ConsumerName, long PermitsGranted, long MessagesDispatched, long AvailablePermits, int Unacknowledged);
