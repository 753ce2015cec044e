using System.Text.Json;

namespace EDRS.Hosts.Gateway.Workflows;

/// <summary>One item of a <c>map</c> step (one subtask of a <c>decompose</c> step): its list element, status, attempts, output
/// or last error, the task its attempt waits for, timings and a retry's due time.</summary>
public sealed record WorkflowStepItemResponse(
    int Index,
    string Status,
    int Attempts,
    JsonElement? Input,
    JsonElement? Output,
    string? Error,
    string? TaskId,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    DateTimeOffset? DueAt);
