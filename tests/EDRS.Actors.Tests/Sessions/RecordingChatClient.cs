using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace EDRS.Actors.Tests.Sessions;

/// <summary>
/// The real (tiny-model) chat client with a window on it: records the messages of every call, so tests can read the
/// prompt a session assembled. The reply is the model's own. <see cref="FailAfterPieces"/> makes it a double of a
/// model that breaks midway (a dropped connection to an inference node): it throws after streaming that many pieces;
/// <see cref="StallAfterPieces"/> of one that hangs until the caller gives up.
/// </summary>
public sealed class RecordingChatClient(IChatClient model) : DelegatingChatClient(model)
{
    public ConcurrentQueue<IReadOnlyList<ChatMessage>> Prompts { get; } = new();

    /// <summary>When set, the next streamed replies fail after this many pieces.</summary>
    public int? FailAfterPieces { get; set; }

    /// <summary>When set, the next streamed replies stall after this many pieces until the call is cancelled (a model that hangs).</summary>
    public int? StallAfterPieces { get; set; }

    public IReadOnlyList<ChatMessage> LastPrompt => Prompts.Last();

    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        Prompts.Enqueue(list);
        return base.GetResponseAsync(list, options, cancellationToken);
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        Prompts.Enqueue(list);
        var pieces = 0;
        await foreach (var update in base.GetStreamingResponseAsync(list, options, cancellationToken).ConfigureAwait(false))
        {
            if (!string.IsNullOrEmpty(update.Text))
            {
                if (FailAfterPieces is { } limit && pieces >= limit)
                    throw new IOException("The connection to the inference node was lost (test double).");
                if (StallAfterPieces is { } stall && pieces >= stall)
                    await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
                pieces++;
            }
            yield return update;
        }
    }
}
