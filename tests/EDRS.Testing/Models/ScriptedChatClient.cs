using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using EDRS.Actors.Inference;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace EDRS.Testing.Models;

/// <summary>
/// A double of a chat model for tests that need a model's judgement to be exactly what the test says (no model weights
/// can give a scripted answer): every call is recorded with its messages and options, and answered by
/// <see cref="Answer"/>, or by <see cref="Message"/> when the script answers with more than text (a tool call:
/// <see cref="CallTool"/>). Streaming yields the same answer in one update.
/// </summary>
public sealed class ScriptedChatClient(Func<IReadOnlyList<ChatMessage>, ChatOptions?, string> answer) : IChatClient
{
    /// <summary>Every call: the messages and the options it was made with.</summary>
    public ConcurrentQueue<(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)> Calls { get; } = new();

    /// <summary>A double whose every answer is a whole message (text, tool calls, or both).</summary>
    public ScriptedChatClient(Func<IReadOnlyList<ChatMessage>, ChatOptions?, ChatMessage> message)
        : this((_, _) => "") => Message = message;

    public Func<IReadOnlyList<ChatMessage>, ChatOptions?, string> Answer { get; set; } = answer;

    /// <summary>When set, answers instead of <see cref="Answer"/>.</summary>
    public Func<IReadOnlyList<ChatMessage>, ChatOptions?, ChatMessage>? Message { get; set; }

    /// <summary>Makes this double the chat model of a member or gateway (<c>Services = model.Register</c>), with the tiny model's real tokenizer.</summary>
    public void Register(IServiceCollection services)
    {
        services.AddSingleton<IChatClient>(this);
        services.AddSingleton(TinyModel.Backend.TokenCounter);
        services.AddSingleton<IModelAvailability>(new TinyModelAvailability());
    }

    /// <summary>An answer that calls <paramref name="tool"/> with <paramref name="arguments"/> (the call's id is <paramref name="callId"/>).</summary>
    public static ChatMessage CallTool(string tool, IDictionary<string, object?> arguments, string callId) =>
        new(ChatRole.Assistant, [new FunctionCallContent(callId, tool, arguments)]);

    /// <summary>A double that calls the tool <paramref name="tool"/> names with <paramref name="arguments"/> once (call id <c>call-1</c>), then replies with what it was answered.</summary>
    public static ScriptedChatClient CallingToolOnce(Func<string> tool, IDictionary<string, object?> arguments) => new((messages, _) =>
        ToolResults(messages) is [var result, ..]
            ? new ChatMessage(ChatRole.Assistant, $"The tool said: {result.Result}")
            : CallTool(tool(), arguments, "call-1"));

    /// <summary>The results of tool calls the messages carry back to the model, oldest first.</summary>
    public static IReadOnlyList<FunctionResultContent> ToolResults(IEnumerable<ChatMessage> messages) =>
        [.. messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>()];

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        Calls.Enqueue((list, options));
        return Task.FromResult(new ChatResponse(Message is { } message ? message(list, options) : new ChatMessage(ChatRole.Assistant, Answer(list, options))));
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        yield return new ChatResponseUpdate(ChatRole.Assistant, [.. response.Messages.SelectMany(m => m.Contents)]);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
