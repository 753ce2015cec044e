using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace EDRS.Actors.Tools;

/// <summary>
/// A tool's URL with <c>{name}</c> placeholders, each replaced by the top-level argument of that name (URL-encoded; a
/// string as it is, any other JSON value as its JSON text).
/// </summary>
public static partial class UrlTemplates
{
    /// <summary>The names of the placeholders, in order.</summary>
    public static IReadOnlyList<string> Placeholders(string template) => [.. Placeholder().Matches(template).Select(m => m.Groups[1].Value)];

    /// <summary>The template with every placeholder filled in by a sample value: what must be an absolute http(s) URL.</summary>
    public static string Sample(string template) => Placeholder().Replace(template, "x");

    /// <summary>The URL for <paramref name="args"/>; null with <paramref name="missing"/> set when an argument the URL needs is absent.</summary>
    public static string? Expand(string template, JsonElement args, out string? missing)
    {
        string? absent = null;
        var url = Placeholder().Replace(template, match =>
        {
            var name = match.Groups[1].Value;
            if (args.ValueKind != JsonValueKind.Object || !args.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                absent ??= name;
                return "";
            }
            return Uri.EscapeDataString(value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText());
        });
        missing = absent;
        return absent is null ? url : null;
    }

    /// <summary><paramref name="url"/> with the arguments the template did not use as query parameters (GET, DELETE).</summary>
    public static string WithQuery(string url, string template, JsonElement args)
    {
        if (args.ValueKind != JsonValueKind.Object)
            return url;
        var used = Placeholders(template).ToHashSet(StringComparer.Ordinal);
        var query = new StringBuilder();
        foreach (var property in args.EnumerateObject())
        {
            if (used.Contains(property.Name) || property.Value.ValueKind == JsonValueKind.Null)
                continue;
            var value = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
            query.Append(query.Length == 0 ? (url.Contains('?', StringComparison.Ordinal) ? '&' : '?') : '&')
                .Append(Uri.EscapeDataString(property.Name)).Append('=').Append(Uri.EscapeDataString(value));
        }
        return url + query;
    }

    [GeneratedRegex(@"\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex Placeholder();
}
