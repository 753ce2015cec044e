using System.Globalization;

namespace EDRS.Benchmarks.Faults;

/// <summary>
/// <c>faults</c>: crash-consistency and failover of a real multi-process cluster (kill -9 cycles), split brain across
/// processes, and a PostgreSQL outage. Exits 0 only if every check held.
/// </summary>
internal static class FaultsBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (!FaultsOptions.TryParse(args, out var options, out var error))
        {
            await Console.Error.WriteLineAsync($"faults: {error} (run without arguments for usage)").ConfigureAwait(false);
            return 2;
        }
        var runFolder = Path.Combine(Path.GetTempPath(), "edrs-faults", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        Directory.CreateDirectory(runFolder);
        var run = FaultsRun.Create(runFolder, options.HeartbeatExpiration);
        MemberProcess.RaisePriority(System.Diagnostics.Process.GetCurrentProcess());
        await using var stalls = new StallMonitor();
        var failed = new List<string>();
        if (options.Workflows > 0 && !await WorkflowKillScenario.RunAsync(options, run).ConfigureAwait(false))
            failed.Add("workflows under kill -9");
        if (options.Workflows == 0 && options.Cycles > 0 && !await KillCyclesScenario.RunAsync(options, run).ConfigureAwait(false))
            failed.Add("kill cycles");
        if (options.SplitBrain && !await SplitBrainScenario.RunAsync(options, run).ConfigureAwait(false))
            failed.Add("split brain");
        if (options.Pause && !await PauseScenario.RunAsync(options, run).ConfigureAwait(false))
            failed.Add("pause");
        if (options.Outage && !await DatabaseOutageScenario.RunAsync(options, run).ConfigureAwait(false))
            failed.Add("database outage");
        // The binaries' copies are only needed to investigate a failure; the logs stay either way.
        if (failed.Count == 0)
        {
            foreach (var folder in run.BinaryFolders)
                Directory.Delete(folder, recursive: true);
        }
        Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"faults: the harness's longest stall was {stalls.WorstMs:0} ms"));
        Console.WriteLine(failed.Count == 0 ? "faults: every check held" : $"faults: FAILED: {string.Join(", ", failed)} (logs in {runFolder})");
        return failed.Count == 0 ? 0 : 1;
    }
}
