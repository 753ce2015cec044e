using System.Runtime.CompilerServices;
using EDRS.Grains.Contracts.Inference;
using EDRS.Grains.Runtime;
using Grpc.Core;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace EDRS.Actors.Inference;

/// <summary>
/// <see cref="IChatClient"/> for grains and edges: each call streams from an inference grain (<c>{model}/{replica}</c>)
/// on an inference member through the typed client, so callers depend on the port and the model runs wherever the
/// cluster places it. Failures arrive as <see cref="RpcException"/> with the grain's status (UNAVAILABLE: no
/// inference member or no model; RESOURCE_EXHAUSTED: shed, see <see cref="GrainFaults.RetryAfterOf"/>;
/// DEADLINE_EXCEEDED: INFERENCE_TIMEOUT_SECONDS passed).
/// </summary>
public sealed class InferenceGrainChatClient(GrainClients clients, IOptions<InferenceOptions> options) : IChatClient
{
    /// <summary>Extra time the caller gives past the grain's own timeout, so the grain's answer arrives first.</summary>
    private static readonly TimeSpan DeadlineMargin = TimeSpan.FromSeconds(5);

    private readonly ChatClientMetadata _metadata = new("edrs-inference-grain", defaultModelId: options.Value.ModelName);
    private int _next;

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? chatOptions = null, CancellationToken cancellationToken = default) =>
        await GetStreamingResponseAsync(messages, chatOptions, cancellationToken).ToChatResponseAsync(cancellationToken).ConfigureAwait(false);

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? chatOptions = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var model = chatOptions?.ModelId ?? settings.ModelName;
        var request = new GenerateRequest
        {
            RequestId = Guid.NewGuid().ToString("N"),
            MaxTokens = chatOptions?.MaxOutputTokens ?? 0,
            Options = new GenerationOptions { Temperature = chatOptions?.Temperature ?? 0f },
        };
        if (chatOptions?.Seed is { } seed)
            request.Options.Seed = seed;
        foreach (var message in messages)
            request.Messages.Add(new ChatTurn { Role = message.Role.Value, Text = message.Text });

        var deadline = DateTime.UtcNow + settings.Timeout + DeadlineMargin;
        using var call = clients.Inference(model, NextReplica(settings)).Generate(request, deadline: deadline, cancellationToken: cancellationToken);
        var responseId = request.RequestId;
        while (await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            var chunk = call.ResponseStream.Current;
            if (!chunk.Done)
            {
                yield return new ChatResponseUpdate(ChatRole.Assistant, chunk.Text) { ResponseId = responseId, MessageId = responseId, ModelId = model };
                continue;
            }
            yield return new ChatResponseUpdate(ChatRole.Assistant, chunk.Text)
            {
                ResponseId = responseId,
                MessageId = responseId,
                ModelId = model,
                FinishReason = chunk.FinishReason.Length > 0 ? new ChatFinishReason(chunk.FinishReason) : null,
                Contents = [new TextContent(chunk.Text), new UsageContent(new UsageDetails { InputTokenCount = chunk.PromptTokens, OutputTokenCount = chunk.CompletionTokens })],
            };
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(ChatClientMetadata) ? _metadata
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
        // Nothing to release: calls are cluster messages.
    }

    private string NextReplica(InferenceOptions settings) =>
        settings.Replicas == 1 ? "0" : ((uint)Interlocked.Increment(ref _next) % (uint)settings.Replicas).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
