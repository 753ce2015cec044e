namespace EDRS.Benchmarks.Faults;

/// <summary>What <see cref="WorkflowAudit"/> found: counts that must be zero, and a few examples of each problem.</summary>
internal sealed record WorkflowAuditResult(
    int Workflows,
    int Completed,
    int LostSteps,
    int DuplicateSteps,
    int Effects,
    int DuplicateEffects,
    int MissingEffects,
    int RepeatedDeliveries,
    int TimersLost,
    int EarlyTimers,
    int FailedAttempts,
    double TimerLateP50,
    double TimerLateP99,
    double TimerLateMax,
    IReadOnlyList<string> Examples)
{
    public bool Clean => Completed == Workflows && LostSteps == 0 && DuplicateSteps == 0 && DuplicateEffects == 0 && MissingEffects == 0
                         && TimersLost == 0 && EarlyTimers == 0;
}
