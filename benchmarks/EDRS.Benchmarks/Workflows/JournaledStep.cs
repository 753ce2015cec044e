namespace EDRS.Benchmarks.Workflows;

/// <summary>A step's success as the journal holds it: which attempt, its output (JSON) and when.</summary>
internal sealed record JournaledStep(string StepId, int Attempt, string Output, DateTimeOffset At);
