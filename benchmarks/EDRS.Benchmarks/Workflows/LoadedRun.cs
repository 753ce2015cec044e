namespace EDRS.Benchmarks.Workflows;

/// <summary>
/// What the throughput phase measured in its window: steps/s (overall, and in each tenth of the window, to show a trend),
/// run latency, timer lateness, and what went wrong.
/// </summary>
internal sealed record LoadedRun(
    double StepsPerSecond,
    int Steps,
    int Runs,
    double P50,
    double P99,
    int Timers,
    double TimerP50,
    double TimerP99,
    int Failed,
    int StartErrors,
    CpuShare Cpu,
    IReadOnlyList<double> StepsPerSecondByTenth);
