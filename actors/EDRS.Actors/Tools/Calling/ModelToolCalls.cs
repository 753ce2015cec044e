using System.Collections.Concurrent;

namespace EDRS.Actors.Tools.Calling;

/// <summary>The tool calls a model made for one reply, in the order they completed (calls of one round may run together).</summary>
public sealed class ModelToolCalls
{
    private readonly ConcurrentQueue<ModelToolCall> _calls = new();

    public int Count => _calls.Count;

    public void Add(ModelToolCall call) => _calls.Enqueue(call);

    public IReadOnlyList<ModelToolCall> ToList() => [.. _calls];
}
