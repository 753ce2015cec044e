namespace EDRS.Benchmarks.DurableCommands;

/// <summary>Command-line options of <c>durable-commands</c>.</summary>
/// <param name="Warmup">Load before the measured window.</param>
/// <param name="Measure">The measured window.</param>
/// <param name="Settings">Extra host configuration (<c>--set Section:Key=Value</c>), for both modes.</param>
/// <param name="Partitioned">Diagnostic: each caller owns a disjoint set of personas, so no command waits behind another on its grain.</param>
/// <param name="SnapshotSessionOptions">
/// Diagnostic: PostgreSQL session settings for snapshot writes only, e.g. <c>-c default_toast_compression=lz4</c> or
/// <c>-c synchronous_commit=off</c> (the journal itself is unchanged); null: the member's snapshot store as is.
/// </param>
internal sealed record BenchmarkOptions(
    TimeSpan Warmup,
    TimeSpan Measure,
    IReadOnlyList<KeyValuePair<string, string?>> Settings,
    bool Partitioned,
    string? SnapshotSessionOptions)
{
    public static bool TryParse(string[] args, out BenchmarkOptions options, out string error)
    {
        var quick = false;
        var partitioned = false;
        string? snapshotSessionOptions = null;
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
                case "--partitioned":
                    partitioned = true;
                    break;
                case "--snapshot-pg-options" when i + 1 < args.Length:
                    snapshotSessionOptions = args[++i];
                    break;
                case "--set" when i + 1 < args.Length && args[i + 1].IndexOf('=', StringComparison.Ordinal) > 0:
                    var setting = args[++i];
                    var eq = setting.IndexOf('=', StringComparison.Ordinal);
                    settings.Add(new(setting[..eq], setting[(eq + 1)..]));
                    break;
                case "--set":
                    error = "--set needs Section:Key=Value";
                    return false;
                default:
                    error = $"unknown option '{args[i]}'";
                    return false;
            }
        }
        var (warmup, measure) = quick ? (5, 12) : (10, 60);
        options = new BenchmarkOptions(TimeSpan.FromSeconds(warmup), TimeSpan.FromSeconds(measure), settings, partitioned, snapshotSessionOptions);
        return true;
    }
}
