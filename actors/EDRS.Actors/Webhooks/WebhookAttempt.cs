namespace EDRS.Actors.Webhooks;

/// <summary>
/// How one webhook request went: accepted (2xx), or refused with a short <paramref name="ErrorCode"/> (<c>http_503</c>,
/// <c>timeout</c>, <c>connection_failed</c>) that is shown to the tenant in place of any exception text.
/// <paramref name="Retryable"/>: whether trying again may help (not for most 4xx).
/// </summary>
public sealed record WebhookAttempt(bool Delivered, int Status, string? ErrorCode, bool Retryable);
