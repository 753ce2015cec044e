namespace EDRS.Persistence.Webhooks;

/// <summary>Where a delivery stands: waiting for its (next) attempt, accepted by the receiver, or given up after the retry policy.</summary>
public static class WebhookDeliveryStatus
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Dead = "dead";

    public static bool IsValid(string? status) => status is Pending or Delivered or Dead;
}
