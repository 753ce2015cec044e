namespace EDRS.Actors.Workflows.Commands;

/// <summary>An item's attempt came to an end; <paramref name="Jitter"/> is the uniform draw its retry delay takes its share by.</summary>
public sealed record FinishItem(string StepId, int Index, int Attempt, bool Succeeded, string Output, string Error, bool Retryable, double Jitter) : StepItemCommand(StepId);
