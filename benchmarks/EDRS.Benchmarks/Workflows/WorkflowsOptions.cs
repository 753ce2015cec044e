using System.Globalization;

namespace EDRS.Benchmarks.Workflows;

/// <summary>Command-line options of <c>workflows</c>.</summary>
/// <param name="Concurrency">
/// Runs in flight in the throughput phase (closed loop: each caller starts its next run when its last one ended). Default
/// 512: each run spends <paramref name="WaitSeconds"/> in its timer, so a closed loop of n callers can never start more than
/// n / (timer + the rest of the run) runs a second (Little's law); at 256 that bound, not the executor, set the rate and
/// left the cores partly idle. The output prints the bound beside the measured rate.
/// </param>
/// <param name="WaitSeconds">The timer step's wait.</param>
/// <param name="Unloaded">Runs measured one at a time for the unloaded latency.</param>
/// <param name="BareCalls">How long the bare tool calls with <paramref name="Concurrency"/> callers are measured (the in-flight baseline).</param>
/// <param name="StatisticsWait">How much longer than <paramref name="Warmup"/> the window waits at most for the journal's tables to be analyzed (see <see cref="JournalStatistics"/>).</param>
internal sealed record WorkflowsOptions(bool Quick, int Concurrency, double WaitSeconds, int Unloaded, TimeSpan BareCalls, TimeSpan Warmup, TimeSpan StatisticsWait, TimeSpan Measured)
{
    public static bool TryParse(string[] args, out WorkflowsOptions options, out string error)
    {
        var quick = false;
        var concurrency = 512;
        var wait = 0.2;
        options = null!;
        error = "";
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    quick = true;
                    break;
                case "--concurrency" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var c) && c is >= 1 and <= 10_000:
                    concurrency = c;
                    i++;
                    break;
                case "--wait" when i + 1 < args.Length && double.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var w) && w is >= 0 and <= 60:
                    wait = w;
                    i++;
                    break;
                default:
                    error = $"unknown or malformed option '{args[i]}' (--concurrency 1..10000, --wait 0..60 seconds)";
                    return false;
            }
        }
        options = quick
            ? new WorkflowsOptions(true, concurrency, wait, 40, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(4), TimeSpan.Zero, TimeSpan.FromSeconds(15))
            : new WorkflowsOptions(false, concurrency, wait, 200, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(150), TimeSpan.FromSeconds(60));
        return true;
    }
}
