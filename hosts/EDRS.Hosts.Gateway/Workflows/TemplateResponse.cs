using System.Text.Json;

namespace EDRS.Hosts.Gateway.Workflows;

/// <summary>A registered template version.</summary>
public sealed record TemplateResponse(string Name, long Version, JsonElement Definition, DateTimeOffset? RegisteredAt);
