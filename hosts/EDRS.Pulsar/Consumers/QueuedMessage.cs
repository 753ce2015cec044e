namespace EDRS.Pulsar.Consumers;

/// <summary>A message waiting in the receive queue, stamped with the generation it arrived in: a reconnect or a redelivery request starts a new generation and the older ones are dropped (the broker sends them again).</summary>
internal readonly record struct QueuedMessage(long Generation, PulsarMessage Message);
