namespace EDRS.Grains.Runtime;

/// <summary>
/// The last N request ids a grain answered, each with its first answer (a packed <c>google.protobuf.Any</c>).
/// Rebuilt on recovery from the snapshot and the causation ids and reply headers of the events after it.
/// </summary>
internal sealed class RememberedRequests(int capacity)
{
    private readonly Dictionary<string, byte[]> _replies = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public bool TryGet(string requestId, out byte[] reply) => _replies.TryGetValue(requestId, out reply!);

    public void Remember(string requestId, byte[] reply)
    {
        if (!_replies.TryAdd(requestId, reply))
            return;
        _order.Enqueue(requestId);
        while (_order.Count > capacity)
            _replies.Remove(_order.Dequeue());
    }

    public List<RememberedRequest> ToList() => [.. _order.Select(id => new RememberedRequest(id, _replies[id]))];
}
