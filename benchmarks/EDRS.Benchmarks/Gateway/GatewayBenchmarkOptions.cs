using System.Globalization;

namespace EDRS.Benchmarks.Gateway;

/// <summary>Command-line options of <c>gateway</c>.</summary>
/// <param name="Warmup">Load before each measured window.</param>
/// <param name="Measure">Each measured window.</param>
/// <param name="ReadConnections">Keep-alive connections of the read and plain-Kestrel runs.</param>
/// <param name="WriteConnections">Keep-alive connections of the write run.</param>
internal sealed record GatewayBenchmarkOptions(TimeSpan Warmup, TimeSpan Measure, int ReadConnections, int WriteConnections)
{
    public static bool TryParse(string[] args, out GatewayBenchmarkOptions options, out string error)
    {
        var quick = false;
        var read = 32;
        var write = 64;
        options = null!;
        error = "";
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    quick = true;
                    break;
                case "--read-connections" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out read) && read > 0:
                    i++;
                    break;
                case "--write-connections" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out write) && write > 0:
                    i++;
                    break;
                default:
                    error = $"unknown or incomplete option '{args[i]}'";
                    return false;
            }
        }
        var (warmup, measure) = quick ? (3, 8) : (10, 30);
        options = new GatewayBenchmarkOptions(TimeSpan.FromSeconds(warmup), TimeSpan.FromSeconds(measure), read, write);
        return true;
    }
}
