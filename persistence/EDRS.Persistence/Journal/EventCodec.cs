using System.Collections.Concurrent;
using System.Text.Json;
using EDRS.Persistence.EventTypes;
using EDRS.Persistence.Serialization;

namespace EDRS.Persistence.Journal;

/// <summary>
/// Turns domain events into journal rows and back, in the exact format Marten itself writes and
/// reads (stored type name, .NET type name, camelCase JSON, reply in the <c>headers</c> column).
/// </summary>
public sealed class EventCodec(EventTypeMap types)
{
    private const string ReplyHeader = "reply";
    private readonly ConcurrentDictionary<Type, string> _dotNetNames = new();

    public EventTypeMap Types { get; } = types;

    internal StoredEvent[] Encode(AppendRequest request)
    {
        if (request.Events.Count == 0)
            throw new ArgumentException("An append carries at least one event.", nameof(request));
        var stored = new StoredEvent[request.Events.Count];
        for (var i = 0; i < stored.Length; i++)
        {
            var data = request.Events[i];
            var type = data.GetType();
            var isLast = i == stored.Length - 1;
            stored[i] = new StoredEvent(
                Guid.CreateVersion7(),
                Types.NameOf(type),
                _dotNetNames.GetOrAdd(type, static t => $"{t.FullName}, {t.Assembly.GetName().Name}"),
                JsonSerializer.Serialize(data, type, JournalJson.Options),
                isLast && request.Reply is { } reply ? EncodeReplyHeader(reply) : null,
                Types.TopicOf(type));
        }
        return stored;
    }

    /// <summary>Serializes event data as it is stored.</summary>
    public string EncodeData(object data) => JsonSerializer.Serialize(data, data.GetType(), JournalJson.Options);

    /// <summary>Deserializes stored data of the given stored type name.</summary>
    public object DecodeData(string storedTypeName, string json) =>
        JsonSerializer.Deserialize(json, Types.TypeOf(storedTypeName), JournalJson.Options)
        ?? throw new InvalidOperationException($"Stored event of type '{storedTypeName}' has null data.");

    /// <summary>
    /// <c>{"reply":"&lt;base64&gt;"}</c>, written directly: this runs once per command, and base64 needs no JSON escaping.
    /// </summary>
    internal static string EncodeReplyHeader(byte[] reply) => "{\"" + ReplyHeader + "\":\"" + Convert.ToBase64String(reply) + "\"}";

    internal static byte[]? DecodeReplyHeader(string? headersJson)
    {
        if (string.IsNullOrEmpty(headersJson))
            return null;
        using var doc = JsonDocument.Parse(headersJson);
        return doc.RootElement.ValueKind == JsonValueKind.Object
               && doc.RootElement.TryGetProperty(ReplyHeader, out var reply)
               && reply.ValueKind == JsonValueKind.String
            ? Convert.FromBase64String(reply.GetString()!)
            : null;
    }
}
