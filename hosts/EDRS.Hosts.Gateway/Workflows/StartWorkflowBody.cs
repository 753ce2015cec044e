using System.Text.Json;

namespace EDRS.Hosts.Gateway.Workflows;

/// <summary>A workflow to start.</summary>
/// <param name="Template">The template's name.</param>
/// <param name="Version">The template version (default: the latest); the run keeps it even when newer versions come.</param>
/// <param name="Input">A JSON object the steps read as <c>$.input…</c>.</param>
public sealed record StartWorkflowBody(string? Template, long? Version, JsonElement? Input);
