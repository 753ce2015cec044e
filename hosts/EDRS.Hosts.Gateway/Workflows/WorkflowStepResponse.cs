using System.Text.Json;

namespace EDRS.Hosts.Gateway.Workflows;

/// <summary>One step of a run: status (pending, running, retrying, succeeded, failed, cancelled), attempts, timings, output or last
/// error, for a <c>task</c> step the task its attempt waits for, for a <c>map</c> or <c>decompose</c> step its items (subtasks) in
/// list order, once the run undoes the step its compensation, and for a <c>persona</c> step the tools its model called.</summary>
public sealed record WorkflowStepResponse(
    string StepId,
    string Kind,
    string Status,
    int Attempts,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    DateTimeOffset? DueAt,
    JsonElement? Output,
    string? Error,
    string? TaskId = null,
    WorkflowCompensationResponse? Compensation = null,
    IReadOnlyList<WorkflowStepItemResponse>? Items = null,
    IReadOnlyList<WorkflowStepToolCallResponse>? ToolCalls = null);
