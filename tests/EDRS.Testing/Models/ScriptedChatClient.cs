using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace EDRS.Testing.Models;

/// <summary>
/// A double of a chat model for tests that need a model's judgement to be exactly what the test says (no model weights
/// can give a scripted answer): every call is recorded with its messages and options, and answered by
/// <see cref="Answer"/>. Streaming yields the same answer in one update.
/// </summary>
public sealed class ScriptedChatClient(Func<IReadOnlyList<ChatMessage>, ChatOptions?, string> answer) : IChatClient
{
    /// <summary>Every call: the messages and the options it was made with.</summary>
    public ConcurrentQueue<(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)> Calls { get; } = new();

    public Func<IReadOnlyList<ChatMessage>, ChatOptions?, string> Answer { get; set; } = answer;

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        Calls.Enqueue((list, options));
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, Answer(list, options))));
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        yield return new ChatResponseUpdate(ChatRole.Assistant, response.Text);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
