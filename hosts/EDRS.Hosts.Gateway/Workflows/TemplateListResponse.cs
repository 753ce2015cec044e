namespace EDRS.Hosts.Gateway.Workflows;

/// <summary>The tenant's templates, each at its latest version.</summary>
public sealed record TemplateListResponse(IReadOnlyList<TemplateResponse> Templates);
