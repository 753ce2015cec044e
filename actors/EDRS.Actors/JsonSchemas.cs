using System.Collections.Concurrent;
using System.Text.Json;
using EDRS.Grains.Runtime;
using Json.Schema;

namespace EDRS.Actors;

/// <summary>
/// JSON Schema (JsonSchema.Net) as the work features use it: a tool's arguments, a persona step's structured answer, a
/// decomposition's plan. Schemas are compiled once per text; each build has a registry of its own, so schemas of
/// different tenants that share an <c>$id</c> never meet.
/// </summary>
public static class JsonSchemas
{
    /// <summary>Compiled schemas we keep, by text; past this the cache starts over (schemas are few per tenant).</summary>
    private const int MaxCached = 2_000;

    private static readonly ConcurrentDictionary<string, JsonSchema> Compiled = new(StringComparer.Ordinal);

    private static readonly EvaluationOptions ListErrors = new() { OutputFormat = OutputFormat.List };

    /// <summary>The schema <paramref name="text"/> compiles to; refused (naming <paramref name="field"/>) if it is not a JSON Schema object.</summary>
    public static JsonSchema Parse(string field, string text)
    {
        if (Compiled.TryGetValue(text, out var cached))
            return cached;
        JsonSchema schema;
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw Reject.Invalid(field, "must be a JSON Schema object");
            schema = JsonSchema.FromText(text, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        }
        catch (Exception ex) when (ex is JsonException or JsonSchemaException or InvalidOperationException or ArgumentException or FormatException)
        {
            throw Reject.Invalid(field, $"is not a valid JSON Schema: {ex.Message}");
        }
        if (Compiled.Count >= MaxCached)
            Compiled.Clear();
        Compiled[text] = schema;
        return schema;
    }

    /// <summary>What is wrong with <paramref name="instance"/> under <paramref name="schema"/>: one line per error, with where (empty: valid).</summary>
    public static IReadOnlyList<string> Problems(JsonSchema schema, JsonElement instance)
    {
        var results = schema.Evaluate(instance, ListErrors);
        if (results.IsValid)
            return [];
        var problems = new List<string>();
        foreach (var detail in (IEnumerable<EvaluationResults>?)results.Details ?? [results])
        {
            foreach (var (keyword, message) in detail.Errors ?? [])
            {
                var at = detail.InstanceLocation.ToString();
                problems.Add($"{(at.Length == 0 ? "(root)" : at)}: {message} ({keyword})");
            }
        }
        if (problems.Count == 0 && results.Errors is { } top)
            problems.AddRange(top.Select(e => $"(root): {e.Value} ({e.Key})"));
        return problems.Count > 0 ? problems : ["(root): does not match the schema"];
    }
}
