using System.Collections.Concurrent;
using System.Text.Json;
using EDRS.Persistence.EventTypes;
using EDRS.Persistence.Serialization;

namespace EDRS.Persistence.Journal;

/// <summary>
/// Turns domain events into journal rows and back, in the exact format Marten itself writes and
/// reads (stored type name, .NET type name, camelCase JSON, reply in the <c>headers</c> column).
/// </summary>
/// <remarks>
/// Encoding refuses, with <see cref="JournalRejectedException"/>, text PostgreSQL cannot store (NUL, unpaired UTF-16
/// surrogates) in the stream key, the request id and the events: one bad value found here costs no round trip and
/// cannot take a group commit down with it. Whatever else the database refuses, the writer isolates.
/// </remarks>
public sealed class EventCodec(EventTypeMap types)
{
    private const string ReplyHeader = "reply";
    private const string FingerprintHeader = "fingerprint";

    /// <summary>The journal's JSON options, plus strings checked as they are written (same output).</summary>
    private static readonly JsonSerializerOptions StoredJson = CreateStoredJson();

    private readonly ConcurrentDictionary<Type, string> _dotNetNames = new();

    public EventTypeMap Types { get; } = types;

    internal StoredEvent[] Encode(AppendRequest request)
    {
        if (request.Events.Count == 0)
            throw new ArgumentException("An append carries at least one event.", nameof(request));
        CheckText(request.StreamKey, request.StreamKey, "the stream key");
        if (request.RequestId is { } requestId)
            CheckText(request.StreamKey, requestId, "the request id");
        if (request.Fingerprint is { } fingerprint && fingerprint.AsSpan().IndexOfAnyExcept("0123456789abcdef") >= 0)
            throw new ArgumentException("A request fingerprint is lowercase hex.", nameof(request));
        var stored = new StoredEvent[request.Events.Count];
        for (var i = 0; i < stored.Length; i++)
        {
            var data = request.Events[i];
            var type = data.GetType();
            var typeName = Types.NameOf(type);
            var isLast = i == stored.Length - 1;
            stored[i] = new StoredEvent(
                Guid.CreateVersion7(),
                typeName,
                _dotNetNames.GetOrAdd(type, static t => $"{t.FullName}, {t.Assembly.GetName().Name}"),
                Serialize(request.StreamKey, $"event {i + 1} ({typeName})", data, type),
                isLast && request.Reply is { } reply ? EncodeReplyHeader(reply, request.Fingerprint) : null,
                Types.TopicOf(type));
        }
        return stored;
    }

    /// <summary>Serializes replacement data for a committed event of <paramref name="streamKey"/>, refusing text PostgreSQL cannot store.</summary>
    internal string EncodeRedaction(string streamKey, EventRedaction redaction) =>
        Serialize(streamKey, $"the redaction of event {redaction.Version}", redaction.Data, redaction.Data.GetType());

    /// <summary>Serializes event data as it is stored.</summary>
    public string EncodeData(object data) => JsonSerializer.Serialize(data, data.GetType(), JournalJson.Options);

    /// <summary>Deserializes stored data of the given stored type name.</summary>
    public object DecodeData(string storedTypeName, string json) =>
        JsonSerializer.Deserialize(json, Types.TypeOf(storedTypeName), JournalJson.Options)
        ?? throw new InvalidOperationException($"Stored event of type '{storedTypeName}' has null data.");

    private static string Serialize(string streamKey, string what, object data, Type type)
    {
        string json;
        try
        {
            json = JsonSerializer.Serialize(data, type, StoredJson);
        }
        catch (UnstorableTextException ex)
        {
            throw new JournalRejectedException(streamKey, ex.Fault == TextFault.Nul ? StorableText.UnsupportedEscape : StorableText.InvalidJson,
                $"{what} holds {StorableText.Describe(ex.Fault)} in {ex.Path}, which PostgreSQL cannot store");
        }
        // Strings are checked above; this catches what reaches the JSON another way (raw JSON values, property names).
        var (fault, sqlState) = StorableText.CheckJson(json);
        if (fault != TextFault.None)
            throw new JournalRejectedException(streamKey, sqlState, $"{what} holds {StorableText.Describe(fault)} in its JSON, which PostgreSQL cannot store");
        return json;
    }

    private static void CheckText(string streamKey, string text, string what)
    {
        var fault = StorableText.Check(text);
        if (fault != TextFault.None)
            throw new JournalRejectedException(streamKey, StorableText.NotInRepertoire, $"{what} holds {StorableText.Describe(fault)}, which PostgreSQL cannot store");
    }

    private static JsonSerializerOptions CreateStoredJson()
    {
        var options = new JsonSerializerOptions(JournalJson.Options);
        options.Converters.Add(new StorableStringConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>
    /// <c>{"reply":"&lt;base64&gt;","fingerprint":"&lt;hex&gt;"}</c>, written directly: this runs once per command, and
    /// base64 and hex need no JSON escaping (the fingerprint's shape is checked in <see cref="Encode"/>).
    /// </summary>
    internal static string EncodeReplyHeader(byte[] reply, string? fingerprint = null) =>
        fingerprint is null
            ? "{\"" + ReplyHeader + "\":\"" + Convert.ToBase64String(reply) + "\"}"
            : "{\"" + ReplyHeader + "\":\"" + Convert.ToBase64String(reply) + "\",\"" + FingerprintHeader + "\":\"" + fingerprint + "\"}";

    /// <summary>The reply and the request's fingerprint a <c>headers</c> column holds (either may be absent).</summary>
    internal static (byte[]? Reply, string? Fingerprint) DecodeReplyHeader(string? headersJson)
    {
        if (string.IsNullOrEmpty(headersJson))
            return (null, null);
        using var doc = JsonDocument.Parse(headersJson);
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
            return (null, null);
        var reply = doc.RootElement.TryGetProperty(ReplyHeader, out var r) && r.ValueKind == JsonValueKind.String ? Convert.FromBase64String(r.GetString()!) : null;
        var fingerprint = doc.RootElement.TryGetProperty(FingerprintHeader, out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
        return (reply, fingerprint);
    }
}
