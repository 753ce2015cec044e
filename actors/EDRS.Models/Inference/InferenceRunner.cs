using EDRS.Actors.Inference;
using EDRS.Grains.Contracts.Inference;
using EDRS.Grains.Runtime;
using Grpc.Core;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace EDRS.Models.Inference;

/// <summary>
/// One model runner (kind <c>inference</c>, identity <c>{model}/{replica}</c>), hosted only on inference members.
/// Stateless — nothing to journal: it validates requests and hands them to its <see cref="InferenceQueue"/>, which
/// batches, times out, sheds load and streams the chunks back. It serves the model its host is configured with,
/// under that model's name (MODEL_NAME).
/// </summary>
public sealed class InferenceRunner(GrainActivation activation, ModelBackend backend, ILogger<InferenceRunner> logger)
    : InferenceGrain.InferenceGrainBase, IJournaledGrain, IAsyncDisposable
{
    /// <summary>Turns in one request.</summary>
    public const int MaxTurns = 1000;

    /// <summary>Characters in one text to count or one turn.</summary>
    public const int MaxTextLength = 1_000_000;

    public const float MaxTemperature = 2f;

    private static readonly HashSet<string> Roles = new(StringComparer.Ordinal)
    {
        ChatRole.System.Value, ChatRole.User.Value, ChatRole.Assistant.Value, ChatRole.Tool.Value,
    };

    private InferenceQueue? _queue;

    /// <summary>This activation's queue (null until the first call).</summary>
    internal InferenceQueue? Queue => _queue;

    public Task RecoverAsync(CancellationToken cancellationToken)
    {
        var options = backend.Options;
        var model = activation.Identity.Tenant; // a model kind: {model}/{replica}
        if (!string.Equals(model, options.ModelName, StringComparison.Ordinal))
            throw GrainException.NotFound($"This inference host serves the model '{options.ModelName}', not '{model}' (set MODEL_NAME alike on callers and inference hosts).");
        if (!backend.IsConfigured)
            throw new GrainException(StatusCode.Unavailable, InferenceOptions.NotConfiguredMessage);
        _queue = new InferenceQueue(backend, options, activation.Identity, logger);
        return Task.CompletedTask;
    }

    public override Task Generate(GenerateRequest request, IServerStreamWriter<GenerateChunk> responseStream, ServerCallContext context)
    {
        var messages = Validate(request);
        var options = new ChatOptions
        {
            MaxOutputTokens = request.MaxTokens > 0 ? request.MaxTokens : backend.Options.DefaultMaxTokens,
            Temperature = request.Options?.Temperature ?? 0f,
            Seed = request.Options is { HasSeed: true } o ? o.Seed : null,
        };
        return _queue!.RunAsync(messages, options, responseStream, context.CancellationToken);
    }

    public override async Task<CountTokensResponse> CountTokens(CountTokensRequest request, ServerCallContext context)
    {
        if (request.Text.Length > MaxTextLength)
            throw GrainException.Invalid("text", $"at most {MaxTextLength} characters (was {request.Text.Length}).");
        return new CountTokensResponse { Count = await backend.TokenCounter.CountTokensAsync(request.Text, context.CancellationToken).ConfigureAwait(false) };
    }

    public async ValueTask DisposeAsync()
    {
        if (_queue is not null)
            await _queue.DisposeAsync().ConfigureAwait(false);
    }

    private static List<ChatMessage> Validate(GenerateRequest request)
    {
        if (request.RequestId.Length > 0 && !GrainIds.IsRequestId(request.RequestId))
            throw GrainException.Invalid("requestId", $"must be {GrainIds.RequestIdRule}.");
        if (request.Messages.Count is 0 or > MaxTurns)
            throw GrainException.Invalid("messages", $"1..{MaxTurns} turns are needed (was {request.Messages.Count}).");
        if (request.MaxTokens < 0)
            throw GrainException.Invalid("maxTokens", $"must be 0 (the host's default) or more (was {request.MaxTokens}).");
        if (request.Options is { } options && (float.IsNaN(options.Temperature) || options.Temperature is < 0 or > MaxTemperature))
            throw GrainException.Invalid("options.temperature", $"must be 0..{MaxTemperature} (was {options.Temperature}).");
        var messages = new List<ChatMessage>(request.Messages.Count);
        for (var i = 0; i < request.Messages.Count; i++)
        {
            var turn = request.Messages[i];
            if (!Roles.Contains(turn.Role))
                throw GrainException.Invalid($"messages[{i}].role", $"must be one of {string.Join(", ", Roles)} (was '{turn.Role}').");
            if (turn.Text.Length > MaxTextLength)
                throw GrainException.Invalid($"messages[{i}].text", $"at most {MaxTextLength} characters.");
            messages.Add(new ChatMessage(new ChatRole(turn.Role), turn.Text));
        }
        return messages;
    }
}
