using System.Text.Json;

namespace EDRS.Benchmarks.Workflows;

/// <summary>
/// One run as its journal stream tells it, read straight from PostgreSQL: when it started and finished, its end
/// (<c>completed</c>, <c>failed</c>, <c>cancelled</c>, or <c>running</c>), every step success, and the steps that started.
/// </summary>
internal sealed record JournaledWorkflow(
    string WorkflowId,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    string Status,
    IReadOnlyList<JournaledStep> Successes,
    IReadOnlySet<string> StartedSteps,
    int FailedAttempts)
{
    /// <summary>How late the wait step <paramref name="stepId"/> fired (its output's firedAt − dueAt), null if it has not.</summary>
    public double? TimerLatenessMs(string stepId)
    {
        if (Successes.FirstOrDefault(s => s.StepId == stepId) is not { } fired)
            return null;
        using var output = JsonDocument.Parse(fired.Output);
        return (output.RootElement.GetProperty("firedAt").GetDateTimeOffset() - output.RootElement.GetProperty("dueAt").GetDateTimeOffset()).TotalMilliseconds;
    }
}
