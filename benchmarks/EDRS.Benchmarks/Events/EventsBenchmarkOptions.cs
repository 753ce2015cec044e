namespace EDRS.Benchmarks.Events;

/// <summary>Command-line options of <c>events</c>.</summary>
/// <param name="Warmup">Closed-loop load before the measured window.</param>
/// <param name="Measure">The measured throughput/latency window.</param>
/// <param name="Saturation">The priority phase: offered load above what the personas complete.</param>
/// <param name="Producers">Concurrent publishers in the throughput phase.</param>
/// <param name="Settings">Extra host configuration (<c>--set Section:Key=Value</c>).</param>
internal sealed record EventsBenchmarkOptions(
    TimeSpan Warmup, TimeSpan Measure, TimeSpan Saturation, int Producers, IReadOnlyList<KeyValuePair<string, string?>> Settings)
{
    public static bool TryParse(string[] args, out EventsBenchmarkOptions options, out string error)
    {
        var quick = false;
        var producers = 128;
        var settings = new List<KeyValuePair<string, string?>>();
        options = null!;
        error = "";
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    quick = true;
                    break;
                case "--producers" when i + 1 < args.Length && int.TryParse(args[i + 1], out var p) && p is > 0 and <= 10_000:
                    producers = p;
                    i++;
                    break;
                case "--set" when i + 1 < args.Length && args[i + 1].IndexOf('=', StringComparison.Ordinal) > 0:
                    var setting = args[++i];
                    var eq = setting.IndexOf('=', StringComparison.Ordinal);
                    settings.Add(new(setting[..eq], setting[(eq + 1)..]));
                    break;
                default:
                    error = $"unknown or incomplete option '{args[i]}'";
                    return false;
            }
        }
        var (warmup, measure, saturation) = quick ? (4, 12, 12) : (10, 60, 30);
        options = new EventsBenchmarkOptions(
            TimeSpan.FromSeconds(warmup), TimeSpan.FromSeconds(measure), TimeSpan.FromSeconds(saturation), producers, settings);
        return true;
    }
}
