namespace EDRS.Grains.Runtime;

/// <summary>
/// The last N request ids a grain answered, each with its first answer (a packed <c>google.protobuf.Any</c>) and the
/// fingerprint of what it asked for. Rebuilt on recovery from the snapshot and the causation ids and reply headers of
/// the events after it. Bounded by count and by the answers' bytes (they travel in every snapshot); the newest answer is
/// always kept.
/// </summary>
internal sealed class RememberedRequests(int capacity, int maxBytes = int.MaxValue)
{
    private readonly Dictionary<string, RememberedRequest> _requests = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private long _bytes;

    public bool TryGet(string requestId, out RememberedRequest request) => _requests.TryGetValue(requestId, out request!);

    public void Remember(string requestId, byte[] reply, string? fingerprint)
    {
        if (!_requests.TryAdd(requestId, new RememberedRequest(requestId, reply, fingerprint)))
            return;
        _order.Enqueue(requestId);
        _bytes += reply.Length;
        while (_order.Count > capacity || (_bytes > maxBytes && _order.Count > 1))
        {
            var oldest = _order.Dequeue();
            _bytes -= _requests[oldest].Reply.Length;
            _requests.Remove(oldest);
        }
    }

    public List<RememberedRequest> ToList() => [.. _order.Select(id => _requests[id])];
}
