namespace EDRS.Pulsar;

/// <summary>One consumer: topic, subscription and how many messages it lets the broker push ahead.</summary>
public sealed class PulsarConsumerOptions
{
    /// <summary><c>persistent://tenant/namespace/topic</c>, or a short name for <c>persistent://public/default/name</c>. Required.</summary>
    public string Topic { get; set; } = "";

    /// <summary>The subscription (durable on the broker). Required.</summary>
    public string SubscriptionName { get; set; } = "";

    /// <summary>Shared (default) or Key_Shared.</summary>
    public SubscriptionType SubscriptionType { get; set; } = SubscriptionType.Shared;

    /// <summary>Where a subscription that does not exist yet starts. Default Earliest, so nothing published before it is missed.</summary>
    public SubscriptionInitialPosition InitialPosition { get; set; } = SubscriptionInitialPosition.Earliest;

    /// <summary>Shown in broker stats; null for a generated name.</summary>
    public string? ConsumerName { get; set; }

    /// <summary>
    /// The permits given to the broker: at most this many messages are delivered but not yet received by the application.
    /// Permits are returned in batches of half this size as the application receives. Default 1000.
    /// </summary>
    public int ReceiverQueueSize { get; set; } = 1000;
}
