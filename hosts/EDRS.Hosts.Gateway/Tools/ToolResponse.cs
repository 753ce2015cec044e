using System.Text.Json;

namespace EDRS.Hosts.Gateway.Tools;

/// <summary>A tool as registered.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Description">What it does.</param>
/// <param name="BuiltIn">True for the product's own tools (create_task, publish_event, send_webhook), which are not registered.</param>
/// <param name="Method">Its HTTP method (HTTP tools).</param>
/// <param name="UrlTemplate">Its URL template (HTTP tools).</param>
/// <param name="ArgsSchema">The JSON Schema of its arguments.</param>
/// <param name="Headers">Headers sent with every call.</param>
/// <param name="SecretRef">The name of the secret it sends, if any.</param>
/// <param name="SecretHeader">The header carrying the secret.</param>
/// <param name="TimeoutSeconds">One call's deadline (HTTP tools).</param>
/// <param name="Version">Its version: 1 when first registered, one more on each replacement.</param>
/// <param name="RegisteredAt">When this version was registered.</param>
public sealed record ToolResponse(
    string Name,
    string Description,
    bool BuiltIn,
    string? Method,
    string? UrlTemplate,
    JsonElement ArgsSchema,
    IReadOnlyDictionary<string, string>? Headers,
    string? SecretRef,
    string? SecretHeader,
    int? TimeoutSeconds,
    long? Version,
    DateTimeOffset? RegisteredAt);
