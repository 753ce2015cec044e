using System.Text.Json;

namespace EDRS.Hosts.Gateway.Workflows;

/// <summary>A step's compensation once the run undoes the step: status (pending, running, retrying, succeeded, failed), attempts, timings, output or last error.</summary>
public sealed record WorkflowCompensationResponse(
    string Status,
    int Attempts,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    DateTimeOffset? DueAt,
    JsonElement? Output,
    string? Error);
