using System.Globalization;
using System.Text.Json.Nodes;

namespace EDRS.Benchmarks.Fuzz;

/// <summary>
/// Every operation of an OpenAPI 3 document (the gateway's own, as it serves it), so an endpoint added to the gateway is
/// fuzzed without a line here. Valid bodies come from the schemas' examples, or are built from their properties.
/// </summary>
internal static class OpenApiOperations
{
    private static readonly string[] Methods = ["get", "post", "put", "delete", "patch"];

    public static IReadOnlyList<ApiOperation> Read(JsonNode document)
    {
        var operations = new List<ApiOperation>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject().Where(o => Methods.Contains(o.Key)))
            {
                var parameters = operation!["parameters"]?.AsArray().Select(p => p!).ToList() ?? [];
                string[] In(string where) => [.. parameters.Where(p => (string?)p["in"] == where).Select(p => (string)p["name"]!)];
                var query = parameters.Where(p => (string?)p["in"] == "query")
                    .ToDictionary(p => (string)p["name"]!, p => ScalarText(Example(document, p["schema"], 0)));
                var content = operation["requestBody"]?["content"]?.AsObject();
                var media = content?.FirstOrDefault(c => c.Key == "application/json") is { Value: not null } json ? json
                    : content?.FirstOrDefault(c => c.Key == "application/x-www-form-urlencoded") is { Value: not null } form ? form
                    : default;
                operations.Add(new ApiOperation(method.ToUpperInvariant(), path, In("path"), query, In("header"),
                    media.Value is null ? null : media.Key, media.Value is null ? null : Example(document, media.Value["schema"], 0)));
            }
        }
        return operations;
    }

    /// <summary>A valid value of <paramref name="schema"/>: its example, else one built from its type.</summary>
    private static JsonNode? Example(JsonNode document, JsonNode? schema, int depth)
    {
        if (schema is null || depth > 10)
            return null;
        if (schema["$ref"] is { } reference)
            return Example(document, Resolve(document, (string)reference!), depth + 1);
        if (schema["examples"] is JsonArray { Count: > 0 } examples)
            return examples[0]!.DeepClone();
        if (schema["example"] is { } example)
            return example.DeepClone();
        if ((schema["oneOf"] ?? schema["anyOf"]) is JsonArray choices)
            return choices.Select(c => Example(document, c, depth + 1)).FirstOrDefault(e => e is not null);
        if (schema["allOf"] is JsonArray parts)
        {
            var merged = new JsonObject();
            foreach (var part in parts.Select(p => Example(document, p, depth + 1)).OfType<JsonObject>())
            {
                foreach (var (name, value) in part)
                    merged[name] = value?.DeepClone();
            }
            return merged;
        }
        return TypeOf(schema) switch
        {
            "object" when schema["properties"] is JsonObject properties =>
                new JsonObject(properties.Select(p => KeyValuePair.Create(p.Key, Example(document, p.Value, depth + 1)))),
            "object" => schema["additionalProperties"] is JsonObject values ? new JsonObject { ["k"] = Example(document, values, depth + 1) } : new JsonObject(),
            "array" => new JsonArray(Example(document, schema["items"], depth + 1)),
            "integer" => 1,
            "number" => 1.5,
            "boolean" => true,
            "string" when (string?)schema["format"] == "date-time" => "2026-11-02T09:30:00+00:00",
            "string" => "x",
            _ => null,
        };
    }

    private static string? TypeOf(JsonNode schema) => schema["type"] switch
    {
        JsonArray types => types.Select(t => (string?)t).FirstOrDefault(t => t != "null"),
        JsonValue type => (string?)type,
        _ => schema["properties"] is not null ? "object" : null,
    };

    private static JsonNode? Resolve(JsonNode document, string reference)
    {
        JsonNode? node = document;
        foreach (var segment in reference.TrimStart('#', '/').Split('/'))
            node = node?[segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)];
        return node;
    }

    private static string ScalarText(JsonNode? value) => value switch
    {
        null => "1",
        JsonValue v when v.TryGetValue<string>(out var text) => text,
        _ => Convert.ToString(value.ToJsonString(), CultureInfo.InvariantCulture),
    };
}
