namespace EDRS.Grains.Runtime;

/// <summary>
/// The last N request ids a grain answered, each with its first answer (a packed <c>google.protobuf.Any</c>).
/// Rebuilt on recovery from the snapshot and the causation ids and reply headers of the events after it. Bounded by count
/// and by the answers' bytes (they travel in every snapshot); the newest answer is always kept.
/// </summary>
internal sealed class RememberedRequests(int capacity, int maxBytes = int.MaxValue)
{
    private readonly Dictionary<string, byte[]> _replies = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private long _bytes;

    public bool TryGet(string requestId, out byte[] reply) => _replies.TryGetValue(requestId, out reply!);

    public void Remember(string requestId, byte[] reply)
    {
        if (!_replies.TryAdd(requestId, reply))
            return;
        _order.Enqueue(requestId);
        _bytes += reply.Length;
        while (_order.Count > capacity || (_bytes > maxBytes && _order.Count > 1))
        {
            var oldest = _order.Dequeue();
            _bytes -= _replies[oldest].Length;
            _replies.Remove(oldest);
        }
    }

    public List<RememberedRequest> ToList() => [.. _order.Select(id => new RememberedRequest(id, _replies[id]))];
}
