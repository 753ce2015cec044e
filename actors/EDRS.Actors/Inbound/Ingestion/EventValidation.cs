using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using EDRS.Grains.Contracts.Events;
using Google.Protobuf.WellKnownTypes;
using EDRS.Grains.Runtime;

namespace EDRS.Actors.Inbound.Ingestion;

/// <summary>
/// The rules of an incoming <see cref="BaseEvent"/>, checked at every edge (REST, gRPC, Pulsar) and again by
/// the router. <see cref="Normalize"/> also puts the event in its canonical form (lowercase event id, <c>{}</c>
/// for an absent payload) so the same event always has the same dedup key, and — at an edge, which passes the time it
/// received the event — fills in what the schema lets a producer leave out: a new UUIDv7 event id and the receive time.
/// </summary>
public static partial class EventValidation
{
    public const string EventTypeRule = "must be domain.action in lowercase: ^[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*$, at most 100 characters";

    /// <summary>The first problem of <paramref name="e"/>, or null if it is valid; a valid event is normalized in place.</summary>
    /// <param name="e">The event.</param>
    /// <param name="receivedAt">
    /// When an edge received it: a missing event id becomes a new UUIDv7 of that time and a missing <c>occurredAt</c> that
    /// time. Null (the router): both are required.
    /// </param>
    public static EventViolation? Normalize(BaseEvent e, DateTimeOffset? receivedAt = null)
    {
        // First, as at every edge: text the journal cannot store, in any field, the payload's JSON and the metadata included.
        if (TextHygiene.InMessage(e) is { } text)
            return new(text.Field.Length > 0 ? text.Field : "event", text.Description);
        if (receivedAt is { } at)
        {
            if (string.IsNullOrEmpty(e.EventId))
                e.EventId = Guid.CreateVersion7(at).ToString("D");
            e.OccurredAt ??= Timestamp.FromDateTimeOffset(at);
        }
        if (string.IsNullOrEmpty(e.EventId))
            return new("eventId", "is required (a UUIDv7)");
        if (!Guid.TryParseExact(e.EventId, "D", out var id) || id.Version != 7)
            return new("eventId", "must be a UUIDv7 in the 8-4-4-4-12 form");
        if (string.IsNullOrWhiteSpace(e.Source))
            return new("source", "is required");
        if (e.Source.Length > EventLimits.MaxSourceLength)
            return new("source", $"must be at most {EventLimits.MaxSourceLength} characters (was {e.Source.Length})");
        if (e.Source.Any(char.IsControl))
            return new("source", "must not contain control characters");
        if (string.IsNullOrEmpty(e.EventType))
            return new("eventType", "is required");
        if (e.EventType.Length > EventLimits.MaxEventTypeLength || !EventTypeShape().IsMatch(e.EventType))
            return new("eventType", EventTypeRule);
        if (e.Priority is not (EventPriority.Low or EventPriority.Normal or EventPriority.High or EventPriority.Critical))
            return new("priority", "must be LOW, NORMAL, HIGH or CRITICAL");
        if (e.OccurredAt is null)
            return new("occurredAt", "is required");
        if (e.OccurredAt.Seconds is < -62135596800 or > 253402300799 || e.OccurredAt.Nanos is < 0 or > 999_999_999)
            return new("occurredAt", "is not a valid time");
        if (e.Payload.Length > 0 && PayloadProblem(e.Payload) is { } payloadProblem)
            return new("payload", payloadProblem);
        if (e.Metadata.Count > EventLimits.MaxMetadataEntries)
            return new("metadata", $"must have at most {EventLimits.MaxMetadataEntries} entries (had {e.Metadata.Count})");
        foreach (var (key, value) in e.Metadata)
        {
            if (key.Length is 0 or > EventLimits.MaxMetadataKeyLength || key.Any(char.IsControl))
                return new("metadata", $"keys must be 1..{EventLimits.MaxMetadataKeyLength} characters without control characters");
            if (value.Length > EventLimits.MaxMetadataValueLength)
                return new($"metadata.{key}", $"must be at most {EventLimits.MaxMetadataValueLength} characters (was {value.Length})");
        }

        e.EventId = id.ToString("D");
        if (e.Payload.Length == 0)
            e.Payload = "{}";
        return null;
    }

    private static string? PayloadProblem(string payload)
    {
        if (Encoding.UTF8.GetByteCount(payload) > EventLimits.MaxPayloadBytes)
            return $"must be at most {EventLimits.MaxPayloadBytes} bytes of JSON";
        try
        {
            using var document = JsonDocument.Parse(payload);
            return document.RootElement.ValueKind == JsonValueKind.Object ? null : "must be a JSON object";
        }
        catch (JsonException)
        {
            return "must be a JSON object (it is not valid JSON)";
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*\\z")]
    private static partial Regex EventTypeShape();
}
