using System.Text.Json;
using System.Text.Json.Serialization;
using EDRS.Actors.Inbound.Routing.Events;

namespace EDRS.Actors.Inbound.Routing;

/// <summary>Writes an <see cref="UnassignedQueue"/> as the array of its queued events, in queue order, and reads it back.</summary>
internal sealed class UnassignedQueueJsonConverter : JsonConverter<UnassignedQueue>
{
    public override UnassignedQueue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        UnassignedQueue.From(JsonSerializer.Deserialize<List<UnassignedEventQueued>>(ref reader, options) ?? []);

    public override void Write(Utf8JsonWriter writer, UnassignedQueue value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var queued in value)
            JsonSerializer.Serialize(writer, queued, options);
        writer.WriteEndArray();
    }
}
