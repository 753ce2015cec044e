using System.Text.RegularExpressions;

namespace EDRS.Actors.Webhooks;

/// <summary>The bounds and shapes of webhook subscriptions, checked by <see cref="WebhookSubscriptions"/>.</summary>
public static partial class WebhookLimits
{
    public const int MaxUrlLength = 2_000;
    public const int MaxEventTypes = 20;
    public const int MinSecretLength = 16;
    public const int MaxSecretLength = 200;
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public const string EventTypeRule = "each must be domain.action, domain.* or * (lowercase letters, digits, '_')";

    public const string IdRule = "must be a subscription id this API returned (wh- and 32 hex digits)";

    /// <summary><c>domain.action</c>, <c>domain.*</c> or <c>*</c>: what the group-commit writer matches an event's type against.</summary>
    public static bool IsEventTypePattern(string? pattern) => pattern is not null && EventTypePattern().IsMatch(pattern);

    public static bool IsSubscriptionId(string? id) => id is not null && SubscriptionId().IsMatch(id);

    [GeneratedRegex("^(\\*|[a-z][a-z0-9_]*\\.(\\*|[a-z][a-z0-9_]*))\\z")]
    private static partial Regex EventTypePattern();

    [GeneratedRegex("^wh-[0-9a-f]{32}\\z")]
    private static partial Regex SubscriptionId();
}
