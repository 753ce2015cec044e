namespace EDRS.Pulsar;

/// <summary>Where a new subscription starts reading (wire values of <c>CommandSubscribe.InitialPosition</c>).</summary>
public enum SubscriptionInitialPosition
{
    Latest = 0,
    Earliest = 1,
}
