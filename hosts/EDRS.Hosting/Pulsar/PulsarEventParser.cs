using System.Text.Json;
using EDRS.Actors.Inbound;
using EDRS.Grains.Contracts.Events;
using EDRS.Grains.Runtime;
using EDRS.Pulsar;
using Google.Protobuf.WellKnownTypes;

namespace EDRS.Hosting.Pulsar;

/// <summary>
/// A Pulsar message as an event: the payload is the event as JSON, the same shape as <c>POST /api/v1/events</c>
/// (<c>eventId, source, eventType, priority, payload, metadata, occurredAt</c>). Defaults for what a producer may
/// leave out: <c>eventId</c> = a UUIDv7 derived from the publish time, the topic and the message id (so a redelivered
/// message is the same event), <c>source</c> = <c>pulsar:{topic}</c>, <c>priority</c> = normal, <c>occurredAt</c> = the
/// publish time.
/// Any <c>tenant</c> in the message is ignored: the bridge's configured tenant is the event's.
/// </summary>
public static class PulsarEventParser
{
    public static BaseEvent? TryParse(PulsarMessage message, out string error)
    {
        error = "";
        // The check every edge runs, on the message as sent: NUL and unpaired surrogates escaped anywhere in it (a value, a
        // property name, deep in the payload) make it a dead letter naming the field, never an event the journal refuses.
        if (TextHygiene.InJson(message.Payload.Span) is { } text)
        {
            error = $"{(text.Field.Length > 0 ? text.Field : "message")}: {text.Description}";
            return null;
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(message.Payload);
        }
        catch (JsonException ex)
        {
            error = $"the payload is not JSON: {ex.Message}";
            return null;
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "the payload must be a JSON object (an event)";
                return null;
            }
            var e = new BaseEvent
            {
                EventId = String(root, "eventId") ?? EventIdentities.DerivedEventId(message.PublishTime, $"{message.Topic}/{message.Id}"),
                Source = String(root, "source") ?? $"pulsar:{message.Topic}",
                EventType = String(root, "eventType") ?? "",
                Priority = (String(root, "priority") ?? "normal").ToLowerInvariant() switch
                {
                    "low" => EventPriority.Low,
                    "normal" => EventPriority.Normal,
                    "high" => EventPriority.High,
                    "critical" => EventPriority.Critical,
                    _ => EventPriority.Unspecified,
                },
                OccurredAt = Timestamp.FromDateTimeOffset(message.PublishTime),
            };
            if (root.TryGetProperty("payload", out var payload) && payload.ValueKind != JsonValueKind.Null)
                e.Payload = payload.GetRawText();
            if (root.TryGetProperty("occurredAt", out var occurredAt) && occurredAt.ValueKind != JsonValueKind.Null)
            {
                if (occurredAt.ValueKind != JsonValueKind.String || !occurredAt.TryGetDateTimeOffset(out var at))
                {
                    error = "occurredAt: must be an RFC 3339 time";
                    return null;
                }
                e.OccurredAt = Timestamp.FromDateTimeOffset(at);
            }
            if (root.TryGetProperty("metadata", out var metadata) && metadata.ValueKind != JsonValueKind.Null)
            {
                if (metadata.ValueKind != JsonValueKind.Object)
                {
                    error = "metadata: must be an object of strings";
                    return null;
                }
                foreach (var entry in metadata.EnumerateObject())
                {
                    if (entry.Value.ValueKind != JsonValueKind.String)
                    {
                        error = $"metadata.{entry.Name}: must be a string";
                        return null;
                    }
                    e.Metadata[entry.Name] = entry.Value.GetString()!;
                }
            }
            return e;
        }
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
