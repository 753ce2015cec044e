namespace EDRS.Persistence.Webhooks;

/// <summary>
/// A tenant's subscription: its domain events whose type matches one of <paramref name="EventTypes"/> (<c>domain.action</c>,
/// <c>domain.*</c> or <c>*</c>) are POSTed to <paramref name="Url"/>, signed with <paramref name="Secret"/>.
/// </summary>
public sealed record WebhookSubscription(string Tenant, string Id, string Url, IReadOnlyList<string> EventTypes, string Secret, DateTimeOffset CreatedAt);
