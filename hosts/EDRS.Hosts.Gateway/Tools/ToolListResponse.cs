namespace EDRS.Hosts.Gateway.Tools;

/// <summary>The tenant's tools by name, then the built-in ones.</summary>
/// <param name="Items">Every tool.</param>
public sealed record ToolListResponse(IReadOnlyList<ToolResponse> Items);
