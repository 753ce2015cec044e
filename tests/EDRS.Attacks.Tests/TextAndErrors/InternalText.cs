using System.Text.RegularExpressions;

namespace EDRS.Attacks.Tests.TextAndErrors;

/// <summary>What an error body must never show a caller: stream keys, SQL states, exception types, stack frames, driver text.</summary>
internal static partial class InternalText
{
    /// <summary>The first piece of internal text in <paramref name="body"/>, or null.</summary>
    public static string? Find(string body) => Leak().Match(body) is { Success: true } match ? match.Value : null;

    /// <summary>Asserts that <paramref name="body"/> (the answer to <paramref name="request"/>) shows nothing internal.</summary>
    public static void AssertNone(string request, int status, string body)
    {
        var leak = Find(body);
        Assert.True(leak is null, $"{request} answered {status} with internal text '{leak}': {body}");
    }

    [GeneratedRegex(
        // a stream key: {kind}/{tenant}/{key}
        @"\b(?:persona|session|event|event-router|routing-table|working-memory|inference|embedding)/[^/\s""]+/" +
        // an SQL state (class 08, 0A, 22, 23, 25, 28, 40, 42, 53-58, XX, P0) or the words for one
        @"|\b(?:08|0A|22|23|25|28|40|42|53|54|55|57|58|XX|P0)(?:[0-9]{3}|P[0-9]{2})\b|(?i:SQL ?state)" +
        // exception type names, stack frames, the database and its driver
        @"|\w+Exception\b|\bat (?:EDRS|System|Npgsql|Marten|Proto|Grpc|Microsoft)\.|(?i:\bnpgsql\b|postgres|\bpg_\w+|\bmt_events|\bmt_streams)")]
    private static partial Regex Leak();
}
