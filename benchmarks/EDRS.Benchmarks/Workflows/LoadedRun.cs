namespace EDRS.Benchmarks.Workflows;

/// <summary>
/// What the throughput phase measured in its window: steps/s (overall, and in each tenth of the window, to show a trend),
/// run latency, timer lateness, and what went wrong. <see cref="StatisticsWaited"/>: how long past the warm-up the window
/// waited for the journal's tables to be analyzed (null: they were not, see <see cref="JournalStatistics"/>).
/// </summary>
internal sealed record LoadedRun(
    double StepsPerSecond,
    int Steps,
    int Runs,
    double P50,
    double P99,
    double Mean,
    int Timers,
    double TimerP50,
    double TimerP99,
    int Failed,
    int StartErrors,
    CpuShare Cpu,
    IReadOnlyList<double> StepsPerSecondByTenth,
    TimeSpan? StatisticsWaited);
