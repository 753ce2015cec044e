using System.Collections;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using EDRS.Grains.Contracts;
using EDRS.Persistence.Journal;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace EDRS.Grains.Runtime;

/// <summary>
/// The one check every edge runs on the text it takes in — REST bodies, query strings and route values; every gRPC
/// request; every Pulsar message: NUL (U+0000) and unpaired UTF-16 surrogates are refused wherever they hide (a string
/// field, nested, repeated or in a map; a map key; a JSON property name; a <c>\u</c> escape in JSON, including JSON
/// carried in a string field marked <c>(edrs.json_text)</c>), and bytes that should be UTF-8 must be, naming the field.
/// </summary>
/// <remarks>
/// These are the characters PostgreSQL cannot store (<see cref="StorableText"/>, the journal's own last check before
/// writing). Refused at the edge, they cost the caller a 400 / INVALID_ARGUMENT / dead letter that names the field,
/// instead of reaching a grain whose append the journal must then refuse. Hand-written: no package checks text against
/// these rules while naming the field by its path.
/// </remarks>
public static class TextHygiene
{
    private static readonly ConcurrentDictionary<MessageDescriptor, TextField[]> Plans = new();

    /// <summary>What is wrong with <paramref name="text"/> (a description for a field's value), or null if nothing.</summary>
    public static string? ProblemOf(ReadOnlySpan<char> text) => StorableText.Check(text) is var fault && fault == TextFault.None
        ? null
        : $"must not contain {StorableText.Describe(fault)}";

    /// <summary>A violation naming <paramref name="field"/> if <paramref name="text"/> holds NUL or an unpaired surrogate.</summary>
    public static TextViolation? InText(string field, ReadOnlySpan<char> text) => ProblemOf(text) is { } problem ? new(field, problem) : null;

    /// <summary>A violation naming <paramref name="field"/> unless <paramref name="utf8"/> is valid UTF-8 without NUL.</summary>
    public static TextViolation? InUtf8(string field, ReadOnlySpan<byte> utf8)
    {
        if (utf8.Contains((byte)0))
            return new(field, $"must not contain {StorableText.Describe(TextFault.Nul)}");
        return Utf8.IsValid(utf8) ? null : new(field, "must be valid UTF-8 (an unpaired UTF-16 surrogate has no UTF-8 form)");
    }

    /// <summary>
    /// The first string value or property name of the JSON document <paramref name="utf8Json"/> that escapes NUL or an
    /// unpaired surrogate, named by its path under <paramref name="path"/> (the document's own path, <c>""</c> for a
    /// whole request body): <c>note</c>, <c>a.b[1]</c>; a property name is reported on the object that holds it. Null
    /// when there is none — or when the document is not well-formed JSON, which its parser refuses on its own.
    /// </summary>
    /// <remarks>Raw NUL and surrogates cannot occur in well-formed UTF-8 JSON: only escapes carry them, so a document
    /// without a <c>\u</c> escape is skipped without being parsed.</remarks>
    public static TextViolation? InJson(ReadOnlySpan<byte> utf8Json, string path = "")
    {
        if (utf8Json.IndexOf("\\u"u8) < 0)
            return null;
        var reader = new Utf8JsonReader(utf8Json);
        var frames = new List<JsonFrame>();
        var property = "";
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        frames.Add(new JsonFrame(reader.TokenType == JsonTokenType.StartArray, ValuePath()));
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        break;
                    case JsonTokenType.PropertyName:
                        if (EscapeFault(ref reader) is var nameFault && nameFault != TextFault.None)
                            return new(frames[^1].Path, $"has a property name that contains {StorableText.Describe(nameFault)}");
                        property = reader.GetString() ?? "";
                        break;
                    case JsonTokenType.String:
                        var valuePath = ValuePath();
                        if (EscapeFault(ref reader) is var fault && fault != TextFault.None)
                            return new(valuePath, $"must not contain {StorableText.Describe(fault)}");
                        break;
                    default:
                        ValuePath();
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Not well-formed: the document's own parser refuses it, with its own message.
        }
        return null;

        // The path of the value the reader is at (advancing the index of an enclosing array).
        string ValuePath()
        {
            if (frames.Count == 0)
                return path;
            var frame = frames[^1];
            return frame.IsArray ? $"{frame.Path}[{frame.Next++}]" : Join(frame.Path, property);
        }
    }

    /// <summary>
    /// The first string in <paramref name="message"/> — its fields, nested messages, repeated fields, map keys and values,
    /// and the JSON inside string fields marked <c>(edrs.json_text)</c> — that holds NUL or an unpaired surrogate.
    /// </summary>
    public static TextViolation? InMessage(IMessage message, FieldNaming naming = FieldNaming.Json) => Walk(message, "", naming);

    /// <summary>
    /// The first string of the serialized message <paramref name="message"/> (of type <paramref name="type"/>) whose bytes
    /// are not UTF-8 or hold NUL — checked before the message is parsed, since a parser either refuses it without naming
    /// the field or turns the bytes into U+FFFD; or the message itself when it does not parse.
    /// </summary>
    public static TextViolation? OnWire(MessageDescriptor type, ReadOnlySpan<byte> message, FieldNaming naming = FieldNaming.Proto) =>
        ProtoWire.FindBadString(type, message, "", naming);

    private static TextViolation? Walk(IMessage message, string path, FieldNaming naming)
    {
        foreach (var step in Plan(message.Descriptor))
        {
            var field = step.Field;
            var name = Join(path, naming == FieldNaming.Json ? field.JsonName : field.Name);
            var value = field.Accessor.GetValue(message);
            if (field.IsMap)
            {
                var valueField = field.MessageType.FindFieldByNumber(2);
                foreach (DictionaryEntry entry in (IDictionary)value)
                {
                    if (entry.Key is string key && StorableText.Check(key) is var keyFault && keyFault != TextFault.None)
                        return new(name, $"has a key that contains {StorableText.Describe(keyFault)}");
                    if (Check(valueField, step.JsonText, entry.Value, $"{name}.{entry.Key}", naming) is { } violation)
                        return violation;
                }
            }
            else if (field.IsRepeated)
            {
                var index = 0;
                foreach (var item in (IList)value)
                {
                    if (Check(field, step.JsonText, item, $"{name}[{index++}]", naming) is { } violation)
                        return violation;
                }
            }
            else if (Check(field, step.JsonText, value, name, naming) is { } violation)
            {
                return violation;
            }
        }
        return null;
    }

    private static TextViolation? Check(FieldDescriptor field, bool jsonText, object? value, string path, FieldNaming naming) => value switch
    {
        string text => InText(path, text) ?? (jsonText && text.Contains("\\u", StringComparison.Ordinal) ? InJson(Encoding.UTF8.GetBytes(text), path) : null),
        IMessage nested when field.FieldType is FieldType.Message or FieldType.Group => Walk(nested, path, naming),
        _ => null,
    };

    /// <summary>The fields of a message type that can hold text (strings, messages, maps), computed once per type.</summary>
    private static TextField[] Plan(MessageDescriptor descriptor) => Plans.GetOrAdd(descriptor, static d =>
    [
        .. d.Fields.InFieldNumberOrder()
            .Where(f => f.FieldType is FieldType.String or FieldType.Message or FieldType.Group)
            .Select(f => new TextField(f, f.GetOptions()?.GetExtension(FieldOptionsExtensions.JsonText) == true
                || (f.IsMap && f.MessageType.FindFieldByNumber(2).GetOptions()?.GetExtension(FieldOptionsExtensions.JsonText) == true))),
    ]);

    /// <summary>The fault a string token's escapes carry (its raw bytes are valid UTF-8 without control characters: the reader checked).</summary>
    private static TextFault EscapeFault(ref Utf8JsonReader reader) =>
        reader.ValueIsEscaped ? StorableText.CheckJson(Encoding.UTF8.GetString(reader.ValueSpan)).Fault : TextFault.None;

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private sealed class JsonFrame(bool isArray, string path)
    {
        public bool IsArray { get; } = isArray;

        public string Path { get; } = path;

        public int Next { get; set; }
    }

    private readonly record struct TextField(FieldDescriptor Field, bool JsonText);
}
