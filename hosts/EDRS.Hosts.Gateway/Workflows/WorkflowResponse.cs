using System.Text.Json;

namespace EDRS.Hosts.Gateway.Workflows;

/// <summary>A workflow run: its template version, status (running, paused, compensating, completed, failed, cancelled), input, output and steps.</summary>
public sealed record WorkflowResponse(
    string WorkflowId,
    string Template,
    long TemplateVersion,
    string Status,
    JsonElement? Input,
    JsonElement? Output,
    string? Error,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    IReadOnlyList<WorkflowStepResponse> Steps,
    long Version);
