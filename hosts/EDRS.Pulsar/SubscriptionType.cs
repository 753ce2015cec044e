namespace EDRS.Pulsar;

/// <summary>The subscription types this client supports (wire values of <c>CommandSubscribe.SubType</c>).</summary>
public enum SubscriptionType
{
    /// <summary>Messages spread over all consumers of the subscription, in any order.</summary>
    Shared = 1,

    /// <summary>Messages with the same key always go to the same consumer, in order.</summary>
    KeyShared = 3,
}
