using System.Text.Json.Nodes;

namespace EDRS.Benchmarks.Fuzz;

/// <summary>One operation of the gateway's OpenAPI document, with a valid shape of each of its inputs.</summary>
/// <param name="Method">GET, POST, PUT, DELETE, PATCH.</param>
/// <param name="PathTemplate">The path with <c>{name}</c> placeholders.</param>
/// <param name="PathParameters">Path parameters by name.</param>
/// <param name="QueryParameters">Query parameters by name, with a valid value (from the schema).</param>
/// <param name="Headers">Header parameters (such as Idempotency-Key).</param>
/// <param name="ContentType">The body's media type (JSON preferred, else a form), or null when the operation takes no body.</param>
/// <param name="Body">A valid body: the schema's example, or one built from its properties.</param>
internal sealed record ApiOperation(
    string Method,
    string PathTemplate,
    IReadOnlyList<string> PathParameters,
    IReadOnlyDictionary<string, string> QueryParameters,
    IReadOnlyList<string> Headers,
    string? ContentType,
    JsonNode? Body)
{
    public string Name => $"{Method} {PathTemplate}";
}
