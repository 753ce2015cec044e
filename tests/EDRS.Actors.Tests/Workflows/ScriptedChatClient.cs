using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace EDRS.Actors.Tests.Workflows;

/// <summary>
/// A test double of a chat model: answers each call with the next scripted reply (the last one again when the script runs
/// out), and records every prompt and its options, so tests can read what a persona step asked and script what it gets back.
/// </summary>
public sealed class ScriptedChatClient(params string[] replies) : IChatClient
{
    private readonly ConcurrentQueue<string> _replies = new(replies);
    private string _last = replies.LastOrDefault() ?? "";

    public ConcurrentQueue<(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)> Calls { get; } = new();

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Calls.Enqueue(([.. messages], options));
        if (_replies.TryDequeue(out var reply))
            _last = reply;
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, _last)));
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates())
            yield return update;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType == typeof(ScriptedChatClient) ? this : null;

    public void Dispose()
    {
    }
}
