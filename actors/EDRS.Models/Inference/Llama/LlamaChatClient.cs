using System.Runtime.CompilerServices;
using EDRS.Actors.Inference;
using Microsoft.Extensions.AI;

namespace EDRS.Models.Inference.Llama;

/// <summary>
/// <see cref="IChatClient"/> over the in-process model: each call is one sequence in the engine's shared batch,
/// streamed a token at a time. Greedy (deterministic) unless the options ask for a temperature.
/// </summary>
public sealed class LlamaChatClient(LlamaBatchEngine engine, string modelName, int defaultMaxTokens) : IChatClient
{
    private readonly ChatClientMetadata _metadata = new("llama.cpp", defaultModelId: modelName);

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        await GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken).ConfigureAwait(false);

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var prompt = engine.Model.Tokenize(ChatPrompt.Format(engine.Model, messages), addBos: true);
        var settings = new GenerationSettings(options?.MaxOutputTokens ?? defaultMaxTokens, options?.Temperature ?? 0f, options?.Seed);
        var generation = engine.Start(prompt, settings, cancellationToken);
        var responseId = Guid.NewGuid().ToString("N");
        await foreach (var piece in generation.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, piece) { ResponseId = responseId, MessageId = responseId, ModelId = modelName };
        }
        yield return new ChatResponseUpdate
        {
            Role = ChatRole.Assistant,
            ResponseId = responseId,
            MessageId = responseId,
            ModelId = modelName,
            FinishReason = generation.FinishReason,
            Contents = [new UsageContent(new UsageDetails { InputTokenCount = generation.PromptTokens, OutputTokenCount = generation.GeneratedTokens })],
        };
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(ChatClientMetadata) ? _metadata
        : serviceType.IsInstanceOfType(this) ? this
        : serviceType.IsInstanceOfType(engine) ? engine
        : null;

    public void Dispose()
    {
        // The engine and model belong to the process (ModelBackend), not to one client.
    }
}
