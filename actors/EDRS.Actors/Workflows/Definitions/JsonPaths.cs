using System.Globalization;
using System.Text.RegularExpressions;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EDRS.Actors.Workflows.Definitions;

/// <summary>
/// The JSON paths of step inputs and template outputs: <c>$.input.a.b[0]</c> reads the workflow's input,
/// <c>$.steps.&lt;id&gt;.output…</c> a step's output. Written by hand: the subset is small (dotted names and indexes), and
/// it must be checked on registration (which step a path reads) as well as read at run time.
/// </summary>
public static partial class JsonPaths
{
    public const string Prefix = "$.";

    public static bool IsPath(string text) => text.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The path's segments (names and indexes); null when it is not well formed.</summary>
    public static IReadOnlyList<object>? Segments(string path)
    {
        if (!IsPath(path))
            return null;
        var segments = new List<object>();
        foreach (var part in path[Prefix.Length..].Split('.'))
        {
            var name = part;
            var indexes = new List<int>();
            while (name.EndsWith(']'))
            {
                var open = name.LastIndexOf('[');
                if (open < 0 || !int.TryParse(name[(open + 1)..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                    return null;
                indexes.Insert(0, index);
                name = name[..open];
            }
            if (name.Length == 0)
                return null;
            segments.Add(name);
            segments.AddRange(indexes.Cast<object>());
        }
        return segments;
    }

    /// <summary>What <see cref="Source"/> says of <c>$.error</c>: why the workflow is undone, read by compensations only (never a step id).</summary>
    public const string ErrorSource = "$.error";

    /// <summary>
    /// The step a path reads (<c>$.steps.&lt;id&gt;.output…</c>), "" for the workflow's input, <see cref="ErrorSource"/> for
    /// <c>$.error</c>, null when it reads none of these.
    /// </summary>
    public static string? Source(string path) => Segments(path) switch
    {
        ["input", ..] => "",
        ["error"] => ErrorSource,
        ["steps", string step, "output", ..] => step,
        _ => null,
    };

    /// <summary><paramref name="template"/> with every path string replaced by what it reads in <paramref name="context"/> (null where nothing is there).</summary>
    public static JsonNode? Resolve(JsonElement? template, JsonNode context) => template is { } t ? Resolve(t, context) : null;

    private static JsonNode? Resolve(JsonElement template, JsonNode context) => template.ValueKind switch
    {
        JsonValueKind.String when IsPath(template.GetString()!) => Read(context, template.GetString()!)?.DeepClone(),
        JsonValueKind.Object => new JsonObject(template.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, Resolve(p.Value, context)))),
        JsonValueKind.Array => new JsonArray([.. template.EnumerateArray().Select(e => Resolve(e, context))]),
        _ => JsonNode.Parse(template.GetRawText()),
    };

    /// <summary>The <c>{{$.path}}</c> placeholders of a text template (a persona step's prompt), in order.</summary>
    public static IEnumerable<string> Placeholders(string template) => Placeholder().Matches(template).Select(m => m.Groups[1].Value);

    /// <summary>
    /// <paramref name="template"/> with each <c>{{$.path}}</c> replaced by what it reads in <paramref name="context"/>: a
    /// string as itself, anything else as its JSON, nothing as "".
    /// </summary>
    public static string Render(string template, JsonNode context) => Placeholder().Replace(template, match =>
        Read(context, match.Groups[1].Value) switch
        {
            null => "",
            JsonValue value when value.TryGetValue<string>(out var text) => text,
            var node => node.ToJsonString(),
        });

    [GeneratedRegex(@"\{\{\s*(\$\.[^}\s]+)\s*\}\}")]
    private static partial Regex Placeholder();

    private static JsonNode? Read(JsonNode context, string path)
    {
        JsonNode? node = context;
        foreach (var segment in Segments(path) ?? [])
        {
            node = (segment, node) switch
            {
                (string name, JsonObject o) => o[name],
                (int index, JsonArray a) when index < a.Count => a[index],
                _ => null,
            };
            if (node is null)
                return null;
        }
        return node;
    }
}
