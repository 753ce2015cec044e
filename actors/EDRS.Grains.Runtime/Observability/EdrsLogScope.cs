using System.Collections;
using Microsoft.Extensions.Logging;

namespace EDRS.Grains.Runtime;

/// <summary>
/// The logging scope that gives every log line its <c>client_id</c> and <c>request_id</c> fields (the JSON
/// console formatter in <c>EDRS.Hosting</c> reads these two keys from any scope). The gateway's request
/// middleware opens one per HTTP/gRPC request; a grain opens one per call (client = the tenant of its identity,
/// request = the id the edge carried).
/// </summary>
public sealed class EdrsLogScope(string? clientId, string? requestId) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public const string ClientIdKey = "client_id";

    public const string RequestIdKey = "request_id";

    public string? ClientId { get; } = clientId;

    public string? RequestId { get; } = requestId;

    public int Count => 2;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new(ClientIdKey, ClientId),
        1 => new(RequestIdKey, RequestId),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    /// <summary>Opens the scope on <paramref name="logger"/>'s factory; dispose it when the request ends.</summary>
    public static IDisposable? Begin(ILogger logger, string? clientId, string? requestId) =>
        logger.BeginScope(new EdrsLogScope(clientId, requestId));

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        yield return this[0];
        yield return this[1];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"{ClientIdKey}:{ClientId} {RequestIdKey}:{RequestId}";
}
