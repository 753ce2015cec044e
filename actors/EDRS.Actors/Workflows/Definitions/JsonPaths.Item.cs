using System.Text.Json.Nodes;

namespace EDRS.Actors.Workflows.Definitions;

/// <summary>The paths only a <c>map</c> step's <c>each</c> reads: the current item (<c>$.item…</c>) and its place (<c>$.index</c>).</summary>
public static partial class JsonPaths
{
    public const string Item = "item";

    public const string Index = "index";

    public static bool IsItemPath(string path) => Segments(path) switch
    {
        [Item, ..] or [Index] => true,
        _ => false,
    };

    /// <summary>What <paramref name="path"/> reads in <paramref name="context"/>; null when nothing is there.</summary>
    public static JsonNode? ReadPath(JsonNode context, string path) => Read(context, path);
}
