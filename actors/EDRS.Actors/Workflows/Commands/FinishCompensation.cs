namespace EDRS.Actors.Workflows.Commands;

/// <summary>An attempt of a step's compensation came to an end; <paramref name="Jitter"/> is the uniform draw its retry delay takes its share by.</summary>
public sealed record FinishCompensation(string StepId, int Attempt, bool Succeeded, string Output, string Error, bool Retryable, double Jitter) : CompensationCommand;
