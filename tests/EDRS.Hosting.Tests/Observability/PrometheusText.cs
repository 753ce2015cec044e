using System.Globalization;

namespace EDRS.Hosting.Tests.Observability;

/// <summary>Reads samples out of a Prometheus text exposition (<c>name{label="value",...} number</c> lines).</summary>
internal static class PrometheusText
{
    /// <summary>The metric names that have at least one sample.</summary>
    public static HashSet<string> Names(string exposition) =>
    [
        .. Samples(exposition).Select(s => s.Name),
    ];

    /// <summary>The sum of the samples of <paramref name="name"/> whose labels contain every one of <paramref name="labels"/> (e.g. <c>kind="persona"</c>).</summary>
    public static double Sum(string exposition, string name, params string[] labels) =>
        Samples(exposition)
            .Where(s => s.Name == name && labels.All(l => s.Labels.Contains(l, StringComparison.Ordinal)))
            .Sum(s => s.Value);

    private static IEnumerable<(string Name, string Labels, double Value)> Samples(string exposition)
    {
        foreach (var line in exposition.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith('#'))
                continue;
            var brace = line.IndexOf('{', StringComparison.Ordinal);
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            string name, labels, rest;
            if (brace >= 0 && (space < 0 || brace < space))
            {
                var close = line.LastIndexOf('}');
                name = line[..brace];
                labels = line[(brace + 1)..close];
                rest = line[(close + 1)..].Trim();
            }
            else
            {
                name = line[..space];
                labels = "";
                rest = line[(space + 1)..].Trim();
            }
            var number = rest.Split(' ')[0];
            var value = number switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                "NaN" => double.NaN,
                _ => double.Parse(number, CultureInfo.InvariantCulture),
            };
            yield return (name, labels, value);
        }
    }
}
