using EDRS.Persistence.Webhooks;

namespace EDRS.Actors.Webhooks;

/// <summary>A subscription just created, with its signing secret: the only time the secret is shown.</summary>
public sealed record NewWebhookSubscription(WebhookSubscription Subscription, string Secret);
