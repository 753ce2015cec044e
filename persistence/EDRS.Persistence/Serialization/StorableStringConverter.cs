using System.Text.Json;
using System.Text.Json.Serialization;
using EDRS.Persistence.Journal;

namespace EDRS.Persistence.Serialization;

/// <summary>
/// Writes strings exactly as the serializer does, after refusing those PostgreSQL cannot store. Needed because the
/// serializer silently replaces an unpaired surrogate with U+FFFD: the journal would then hold other text than the
/// grain that appended it, and a replay would not rebuild the same state.
/// </summary>
internal sealed class StorableStringConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetString();

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        var fault = StorableText.Check(value);
        if (fault != TextFault.None)
            throw new UnstorableTextException(fault);
        writer.WriteStringValue(value);
    }
}
