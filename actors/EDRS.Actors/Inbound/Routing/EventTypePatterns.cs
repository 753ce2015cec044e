using System.Text.RegularExpressions;

namespace EDRS.Actors.Inbound.Routing;

/// <summary>
/// Patterns over event types (<c>domain.action</c>) that a persona declares it handles: literal characters and
/// <c>*</c>, which matches any run of characters (dots included), e.g. <c>support.*</c>, <c>billing.invoice_*</c>.
/// </summary>
public static partial class EventTypePatterns
{
    public const int MaxLength = 100;

    public const string Rule = "must be an event-type pattern: 1..100 characters of a-z, 0-9, '_', '.' and '*' (e.g. support.* or billing.invoice_*)";

    public static bool IsValid(string? pattern) => pattern is not null && PatternShape().IsMatch(pattern);

    /// <summary>True if <paramref name="eventType"/> matches <paramref name="pattern"/> as a whole.</summary>
    public static bool Matches(string pattern, string eventType)
    {
        // Glob matching with one backtrack point: linear in practice, no regex per pattern.
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < eventType.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (p < pattern.Length && pattern[p] == eventType[t])
            {
                p++;
                t++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*')
            p++;
        return p == pattern.Length;
    }

    /// <summary>True if any of <paramref name="patterns"/> matches <paramref name="eventType"/>.</summary>
    public static bool AnyMatches(IReadOnlyList<string> patterns, string eventType)
    {
        for (var i = 0; i < patterns.Count; i++)
        {
            if (Matches(patterns[i], eventType))
                return true;
        }
        return false;
    }

    [GeneratedRegex("^[a-z0-9_.*]{1,100}\\z")]
    private static partial Regex PatternShape();
}
