using System.Text.Json;
using System.Text.RegularExpressions;
using EDRS.Actors.Tools.Commands;
using EDRS.Actors.Tools.Events;
using EDRS.Grains.Runtime;
using static EDRS.Actors.CommandFields;

namespace EDRS.Actors.Tools;

/// <summary>
/// The tool registry's rules, pure: a tool is checked whole on registration (name, method, URL template, argument
/// schema, headers, secret reference, timeout), every refusal naming the field; registering a name again replaces the
/// tool with the next version; registering the same definition again changes nothing.
/// </summary>
public static partial class ToolRegistryDecider
{
    private const string DefaultSchema = """{"type":"object"}""";

    public static IReadOnlyList<ToolRegistryEvent> Decide(ToolRegistryCommand command, ToolRegistryState state, DateTimeOffset now) => command switch
    {
        RegisterTool c => Register(c, state, now),
        RemoveTool c => Remove(c, state, now),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "A tool registry does not know this command."),
    };

    private static IReadOnlyList<ToolRegistryEvent> Register(RegisterTool command, ToolRegistryState state, DateTimeOffset now)
    {
        var name = ValidName(command.Name);
        if (!state.Tools.ContainsKey(name) && state.Tools.Count >= ToolLimits.MaxTools)
            throw Reject.LimitReached("Tools:MaxTools", $"A tenant has at most {ToolLimits.MaxTools} tools: remove some first.");
        var description = Bounded("description", command.Description, ToolLimits.MaxDescriptionLength, multiline: true);
        var method = (command.Method ?? "").Trim().ToUpperInvariant();
        if (method.Length == 0)
            method = "POST";
        if (!ToolLimits.Methods.Contains(method))
            throw Reject.Invalid("method", "must be GET, POST, PUT, PATCH or DELETE");
        var schemaText = string.IsNullOrWhiteSpace(command.ArgsSchema) ? DefaultSchema : command.ArgsSchema.Trim();
        if (System.Text.Encoding.UTF8.GetByteCount(schemaText) > ToolLimits.MaxSchemaBytes)
            throw Reject.Invalid("argsSchema", $"must be at most {ToolLimits.MaxSchemaBytes} bytes");
        JsonSchemas.Parse("argsSchema", schemaText);
        var url = ValidUrl(command.UrlTemplate, schemaText);
        var headers = ValidHeaders(command.Headers);
        var secretRef = (command.SecretRef ?? "").Trim();
        if (secretRef.Length > 0 && !SecretName().IsMatch(secretRef))
            throw Reject.Invalid("secretRef", ToolLimits.SecretRule);
        var secretHeader = (command.SecretHeader ?? "").Trim();
        if (secretRef.Length > 0 && secretHeader.Length == 0)
            secretHeader = "Authorization";
        if (secretHeader.Length > 0 && (!HeaderName().IsMatch(secretHeader) || ToolLimits.ReservedHeaders.Contains(secretHeader)))
            throw Reject.Invalid("secretHeader", "must be a header name (letters, digits, '-') other than the transport's own");
        var secretScheme = Bounded("secretScheme", command.SecretScheme, 50);
        if (secretScheme.Length == 0 && secretRef.Length > 0 && secretHeader.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
            secretScheme = "Bearer";
        var timeout = command.TimeoutSeconds == 0 ? ToolLimits.DefaultTimeoutSeconds : command.TimeoutSeconds;
        if (timeout is < 1 or > ToolLimits.MaxTimeoutSeconds)
            throw Reject.Invalid("timeoutSeconds", $"must be 1..{ToolLimits.MaxTimeoutSeconds}");

        var held = state.Tools.GetValueOrDefault(name);
        var version = state.Versions.GetValueOrDefault(name) + 1;
        var spec = new ToolSpec(name, description, method, url, Compact(schemaText), headers, secretRef, secretHeader, secretScheme, timeout, version, now);
        if (held is not null && Same(held, spec))
            return [];
        return [new ToolRegistered(spec)];
    }

    private static IReadOnlyList<ToolRegistryEvent> Remove(RemoveTool command, ToolRegistryState state, DateTimeOffset now)
    {
        var name = ValidName(command.Name);
        return state.Tools.ContainsKey(name) ? [new ToolRemoved(name, now)] : throw Reject.NotFound($"There is no tool '{name}'.");
    }

    public static ToolRegistryState Evolve(ToolRegistryState state, ToolRegistryEvent @event) => @event switch
    {
        ToolRegistered e => state with { Tools = state.Tools.SetItem(e.Tool.Name, e.Tool), Versions = state.Versions.SetItem(e.Tool.Name, e.Tool.Version) },
        ToolRemoved e => state with { Tools = state.Tools.Remove(e.Name) },
        _ => throw new InvalidOperationException($"A tool registry does not know the event {@event.GetType().Name}."),
    };

    private static string ValidName(string? name)
    {
        var trimmed = (name ?? "").Trim();
        if (!ToolNames.IsValid(trimmed))
            throw Reject.Invalid("name", ToolLimits.NameRule);
        if (ToolNames.BuiltIn.Contains(trimmed))
            throw Reject.Invalid("name", $"'{trimmed}' is the name of a built-in tool");
        return trimmed;
    }

    private static string ValidUrl(string? template, string schemaText)
    {
        var url = Required("urlTemplate", template, ToolLimits.MaxUrlLength);
        if (!Uri.TryCreate(UrlTemplates.Sample(url), UriKind.Absolute, out var sample) || sample.Scheme is not ("http" or "https"))
            throw Reject.Invalid("urlTemplate", "must be an absolute http or https URL ({name} placeholders allowed)");
        using var schema = JsonDocument.Parse(schemaText);
        if (schema.RootElement.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
        {
            foreach (var placeholder in UrlTemplates.Placeholders(url))
            {
                if (!properties.TryGetProperty(placeholder, out _))
                    throw Reject.Invalid("urlTemplate", $"the placeholder {{{placeholder}}} is not a property of argsSchema");
            }
        }
        return url;
    }

    private static Dictionary<string, string> ValidHeaders(IReadOnlyDictionary<string, string>? headers)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (headers is null)
            return result;
        if (headers.Count > ToolLimits.MaxHeaders)
            throw Reject.Invalid("headers", $"must have at most {ToolLimits.MaxHeaders} entries");
        foreach (var (name, value) in headers.OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            if (!HeaderName().IsMatch(name) || ToolLimits.ReservedHeaders.Contains(name))
                throw Reject.Invalid($"headers.{name}", "must be a header name (letters, digits, '-') other than the transport's own and Idempotency-Key");
            result[name] = Bounded($"headers.{name}", value, ToolLimits.MaxHeaderValueLength);
        }
        return result;
    }

    private static string Compact(string json)
    {
        using var document = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(document.RootElement);
    }

    private static bool Same(ToolSpec a, ToolSpec b) =>
        a.Description == b.Description && a.Method == b.Method && a.UrlTemplate == b.UrlTemplate && a.ArgsSchema == b.ArgsSchema
        && a.SecretRef == b.SecretRef && a.SecretHeader == b.SecretHeader && a.SecretScheme == b.SecretScheme
        && a.TimeoutSeconds == b.TimeoutSeconds && a.Headers.Count == b.Headers.Count
        && a.Headers.All(h => b.Headers.TryGetValue(h.Key, out var v) && v == h.Value);

    [GeneratedRegex("^[A-Za-z0-9_]{1,64}$")]
    private static partial Regex SecretName();

    [GeneratedRegex("^[A-Za-z0-9-]{1,100}$")]
    private static partial Regex HeaderName();
}
