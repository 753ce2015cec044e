using System.Text.RegularExpressions;

namespace EDRS.Persistence.Outbox;

/// <summary>Outbox topic names: <c>domain.action</c>, lowercase, published per tenant as <c>persistent://{pulsar-tenant}/{namespace}/{tenant}.{domain}.{action}</c>.</summary>
public static partial class OutboxTopics
{
    public static bool IsValid(string? topic) => topic is not null && Shape().IsMatch(topic);

    [GeneratedRegex("^[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*\\z")]
    private static partial Regex Shape();
}
