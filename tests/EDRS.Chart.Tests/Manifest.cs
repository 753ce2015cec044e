using YamlDotNet.RepresentationModel;

namespace EDRS.Chart.Tests;

/// <summary>One rendered Kubernetes object, read with YamlDotNet into plain dictionaries, lists and strings.</summary>
public sealed class Manifest(Dictionary<string, object?> root)
{
    public Dictionary<string, object?> Root { get; } = root;

    public string Kind => (string)Root["kind"]!;

    public string Name => At<string>("metadata.name")!;

    public string? Component => Labels("metadata").GetValueOrDefault("app.kubernetes.io/component");

    /// <summary>Every object of a rendered multi-document stream.</summary>
    public static List<Manifest> ParseAll(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents
            .Where(d => d.RootNode is YamlMappingNode)
            .Select(d => new Manifest((Dictionary<string, object?>)Convert(d.RootNode)!))
            .ToList();
    }

    /// <summary>
    /// The value at a dotted path (<c>spec.template.spec</c>; a key with dots in brackets:
    /// <c>metadata.labels[app.kubernetes.io/name]</c>), or default when any step is missing.
    /// </summary>
    public T? At<T>(string path) => At<T>(Root, path);

    public static T? At<T>(object? node, string path)
    {
        foreach (var step in Steps(path))
        {
            if (node is not Dictionary<string, object?> map || !map.TryGetValue(step, out node))
                return default;
        }

        return node is T value ? value : default;
    }

    private static IEnumerable<string> Steps(string path)
    {
        var rest = path;
        while (rest.Length > 0)
        {
            if (rest[0] == '[')
            {
                var close = rest.IndexOf(']', StringComparison.Ordinal);
                yield return rest[1..close];
                rest = rest[(close + 1)..].TrimStart('.');
            }
            else
            {
                var end = rest.IndexOfAny(['.', '[']);
                yield return end < 0 ? rest : rest[..end];
                rest = end < 0 ? "" : rest[end..].TrimStart('.');
            }
        }
    }

    public Dictionary<string, string> Labels(string metadataPath) =>
        (At<Dictionary<string, object?>>($"{metadataPath}.labels") ?? [])
            .ToDictionary(kv => kv.Key, kv => kv.Value as string ?? "");

    private static object? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => map.Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value!, kv => Convert(kv.Value)),
        YamlSequenceNode list => list.Children.Select(Convert).ToList(),
        YamlScalarNode scalar => scalar.Value,
        _ => null,
    };
}
