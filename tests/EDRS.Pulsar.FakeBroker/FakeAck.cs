namespace EDRS.Pulsar.FakeBroker;

/// <summary>One message id in an ACK the fake broker received, with the consumer that sent it and any validation error.</summary>
public sealed record FakeAck(MessageId Id, string ConsumerName, string? ValidationError);
