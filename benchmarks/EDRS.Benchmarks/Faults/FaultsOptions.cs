using System.Globalization;

namespace EDRS.Benchmarks.Faults;

/// <summary>Command-line options of <c>faults</c>.</summary>
/// <param name="Cycles">Kill/restart cycles (0: no kill cycles).</param>
/// <param name="SplitBrain">Also run the split-brain scenario.</param>
/// <param name="Outage">Also run the database-outage scenario.</param>
/// <param name="Personas">Personas the load writes to.</param>
/// <param name="Callers">Concurrent callers of the load.</param>
/// <param name="Short">Shorter phases for the split-brain and outage scenarios (smoke runs).</param>
/// <param name="HeartbeatExpiration">Cluster:HeartbeatExpiration of every process (null: the product default).</param>
/// <param name="Pause">Also run the pause scenario (a member frozen past the heartbeat expiration, then resumed).</param>
/// <param name="Workflows">Workflow runs of the workflow scenario, which then runs alone with <paramref name="Cycles"/> kills (0: not run).</param>
internal sealed record FaultsOptions(int Cycles, bool SplitBrain, bool Outage, int Personas, int Callers, bool Short, TimeSpan? HeartbeatExpiration = null, bool Pause = false,
    int Workflows = 0)
{
    public const int DefaultWorkflows = 1_000;
    public const int SmokeWorkflows = 500;
    public const int WorkflowCycles = 10;
    public static readonly TimeSpan WorkflowHeartbeatExpiration = TimeSpan.FromSeconds(10);

    public const int QuickCycles = 5;
    public const int SmokeCycles = 3;
    public const int DefaultCycles = 20;

    public static bool TryParse(string[] args, out FaultsOptions options, out string error)
    {
        int? cycles = null;
        bool splitBrain = false, outage = false, pause = false, smoke = false, quick = false, onlyOthers = false, workflows = false;
        int? workflowCount = null;
        var personas = 1_000;
        var callers = 16;
        TimeSpan? heartbeat = null;
        options = null!;
        error = "";
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--cycles" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var n) && n is >= 0 and <= 10_000:
                    cycles = n;
                    i++;
                    break;
                case "--personas" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var p) && p is >= 3 and <= 100_000:
                    personas = p;
                    i++;
                    break;
                case "--callers" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var c) && c is >= 1 and <= 1_024:
                    callers = c;
                    i++;
                    break;
                case "--heartbeat-expiration" when i + 1 < args.Length && double.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var h) && h is >= 1 and <= 60:
                    heartbeat = TimeSpan.FromSeconds(h);
                    i++;
                    break;
                case "--workflows":
                    workflows = true;
                    break;
                case "--workflow-count" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var w) && w is >= 1 and <= 100_000:
                    workflowCount = w;
                    workflows = true;
                    i++;
                    break;
                case "--quick":
                    quick = true;
                    break;
                case "--smoke":
                    smoke = true;
                    break;
                case "--split-brain":
                    splitBrain = true;
                    onlyOthers = true;
                    break;
                case "--outage":
                    outage = true;
                    onlyOthers = true;
                    break;
                case "--pause":
                    pause = true;
                    onlyOthers = true;
                    break;
                case "--all":
                    splitBrain = outage = pause = true;
                    break;
                default:
                    error = $"unknown or malformed option '{args[i]}'";
                    return false;
            }
        }
        if (workflows)
        {
            // The workflow scenario runs alone: its own kills, its own load.
            var count = workflowCount ?? (smoke ? SmokeWorkflows : DefaultWorkflows);
            // Its processes are busier than the kill cycles' (every tool call lands in the harness): a 10 s heartbeat
            // expiration unless given keeps a neighbour's build from getting a starved seed blocked; it proves durability,
            // not failover time.
            options = new FaultsOptions(cycles ?? (smoke ? SmokeCycles : quick ? QuickCycles : WorkflowCycles), false, false, personas, callers, Short: smoke || quick,
                heartbeat ?? WorkflowHeartbeatExpiration, Workflows: count);
            return true;
        }
        if (smoke)
        {
            options = new FaultsOptions(cycles ?? SmokeCycles, true, true, personas, callers, Short: true, heartbeat, Pause: true);
            return true;
        }
        // --split-brain / --outage / --pause alone run only those scenarios; with --cycles (or --all) the kill cycles too.
        var killCycles = cycles ?? (quick ? QuickCycles : onlyOthers ? 0 : DefaultCycles);
        options = new FaultsOptions(killCycles, splitBrain, outage, personas, callers, Short: quick, heartbeat, pause);
        return true;
    }
}
