using System.Text;
using System.Text.Json;
using EDRS.Grains.Runtime;

namespace EDRS.Actors;

/// <summary>
/// The checks deciders apply to a command's fields, each refusal naming the field (<see cref="Reject.Invalid"/>): required
/// and bounded text, lists of short names, ids, JSON objects.
/// </summary>
public static class CommandFields
{
    /// <summary>Trimmed <paramref name="value"/>, which must be non-empty and at most <paramref name="maxLength"/> characters.</summary>
    public static string Required(string field, string? value, int maxLength, bool multiline = false)
    {
        var trimmed = Bounded(field, value, maxLength, multiline);
        return trimmed.Length > 0 ? trimmed : throw Reject.Invalid(field, "is required");
    }

    /// <summary>Trimmed <paramref name="value"/> (empty allowed), at most <paramref name="maxLength"/> characters; control characters only where <paramref name="multiline"/>.</summary>
    public static string Bounded(string field, string? value, int maxLength, bool multiline = false)
    {
        var trimmed = (value ?? "").Trim();
        if (trimmed.Length > maxLength)
            throw Reject.Invalid(field, $"must be at most {maxLength} characters (was {trimmed.Length})");
        if (!multiline && HasControlCharacter(trimmed))
            throw Reject.Invalid(field, "must not contain control characters");
        return trimmed;
    }

    /// <summary>At most <paramref name="maxCount"/> distinct (ignoring case) non-empty entries of at most <paramref name="maxLength"/> characters each.</summary>
    public static string[] Names(string field, IReadOnlyList<string>? values, int maxCount, int maxLength)
    {
        values ??= [];
        if (values.Count > maxCount)
            throw Reject.Invalid(field, $"must have at most {maxCount} entries (had {values.Count})");
        var result = new string[values.Count];
        for (var i = 0; i < values.Count; i++)
            result[i] = Required($"{field}[{i}]", values[i], maxLength);
        if (result.Distinct(StringComparer.OrdinalIgnoreCase).Count() != result.Length)
            throw Reject.Invalid(field, "must not repeat an entry");
        return result;
    }

    /// <summary>An entity id (<see cref="GrainIds.EntityIdRule"/>).</summary>
    public static string Id(string field, string? value) =>
        GrainIds.IsEntityId(value) ? value! : throw Reject.Invalid(field, $"must be {GrainIds.EntityIdRule}");

    /// <summary><paramref name="json"/> compacted, which must be a JSON object of at most <paramref name="maxBytes"/> bytes; empty stays empty.</summary>
    public static string JsonObject(string field, string? json, int maxBytes)
    {
        if (string.IsNullOrWhiteSpace(json))
            return "";
        if (Encoding.UTF8.GetByteCount(json) > maxBytes)
            throw Reject.Invalid(field, $"must be at most {maxBytes} bytes of JSON");
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? JsonSerializer.Serialize(document.RootElement)
                : throw Reject.Invalid(field, "must be a JSON object");
        }
        catch (JsonException)
        {
            throw Reject.Invalid(field, "must be a JSON object (it is not valid JSON)");
        }
    }

    /// <summary>What <see cref="char.IsControl(char)"/> means (C0, DEL and C1), as two vectorised range scans.</summary>
    public static bool HasControlCharacter(string value) =>
        value.AsSpan().IndexOfAnyInRange('\u0000', '\u001f') >= 0 || value.AsSpan().IndexOfAnyInRange('\u007f', '\u009f') >= 0;
}
