using System.Collections.Concurrent;
using Grpc.Core;

namespace EDRS.Testing.Qdrant;

/// <summary>Everything the Qdrant double holds: collections, and the API key it demands (if any).</summary>
public sealed class QdrantDoubleState(string? apiKey)
{
    public ConcurrentDictionary<string, QdrantDoubleCollection> Collections { get; } = new(StringComparer.Ordinal);

    /// <summary>Calls the double served, by method name (what the adapter actually calls).</summary>
    public ConcurrentDictionary<string, int> Calls { get; } = new(StringComparer.Ordinal);

    /// <summary>As Qdrant with an API key configured: a request without the key, or with another, is refused.</summary>
    public void Admit(ServerCallContext context, string method)
    {
        Calls.AddOrUpdate(method, 1, (_, n) => n + 1);
        if (apiKey is null)
            return;
        var sent = context.RequestHeaders.GetValue("api-key");
        if (sent is null)
            throw new RpcException(new Status(StatusCode.Unauthenticated, "Must provide an API key or an Authorization bearer token"));
        if (sent != apiKey)
            throw new RpcException(new Status(StatusCode.PermissionDenied, "Invalid API key or JWT"));
    }

    public QdrantDoubleCollection Existing(string name) =>
        Collections.TryGetValue(name, out var collection)
            ? collection
            : throw new RpcException(new Status(StatusCode.NotFound, $"Not found: Collection `{name}` doesn't exist!"));
}
