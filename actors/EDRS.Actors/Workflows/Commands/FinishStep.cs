namespace EDRS.Actors.Workflows.Commands;

/// <summary>An attempt came to an end; <paramref name="Jitter"/> is the uniform draw the retry delay takes its share by (drawn by the grain, so the decider stays pure).</summary>
public sealed record FinishStep(string StepId, int Attempt, bool Succeeded, string Output, string Error, bool Retryable, double Jitter) : WorkflowCommand;
