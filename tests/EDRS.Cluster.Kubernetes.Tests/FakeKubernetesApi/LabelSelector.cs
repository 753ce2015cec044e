using System.Text.Json.Nodes;

namespace EDRS.Cluster.Kubernetes.Tests.FakeKubernetesApi;

/// <summary>
/// The equality-based label selectors of the Kubernetes API ("Labels and Selectors" in the Kubernetes documentation):
/// comma-separated requirements that must all hold, each <c>key=value</c>, <c>key==value</c>, <c>key!=value</c>,
/// <c>key</c> (exists) or <c>!key</c> (absent). Set-based requirements (<c>in</c>, <c>notin</c>) are refused: nothing
/// under test sends them.
/// </summary>
public sealed class LabelSelector
{
    private readonly List<Func<JsonObject?, bool>> _requirements = [];

    private LabelSelector()
    {
    }

    public static LabelSelector Everything { get; } = new();

    public static LabelSelector Parse(string? text)
    {
        var selector = new LabelSelector();
        if (string.IsNullOrWhiteSpace(text))
            return selector;
        foreach (var raw in text.Split(','))
        {
            var term = raw.Trim();
            if (term.Contains('(', StringComparison.Ordinal) || term.Contains(' ', StringComparison.Ordinal))
                throw new FormatException($"set-based selectors are not supported by this double: '{term}'");
            if (term.Split("!=") is [var nk, var nv])
                selector._requirements.Add(labels => Value(labels, nk) != nv);
            else if (term.Split("==") is [var ek, var ev])
                selector._requirements.Add(labels => Value(labels, ek) == ev);
            else if (term.Split('=') is [var k, var v])
                selector._requirements.Add(labels => Value(labels, k) == v);
            else if (term.StartsWith('!'))
                selector._requirements.Add(labels => Value(labels, term[1..]) is null);
            else
                selector._requirements.Add(labels => Value(labels, term) is not null);
        }

        return selector;
    }

    public bool Matches(JsonObject? pod)
    {
        if (pod is null)
            return false;
        var labels = pod["metadata"]?["labels"] as JsonObject;
        return _requirements.All(requirement => requirement(labels));
    }

    private static string? Value(JsonObject? labels, string key) => labels?[key]?.GetValue<string>();
}
