using System.ClientModel;
using EDRS.Actors.Inference;
using EDRS.Models.Inference.Llama;
using EDRS.Models.Inference.OpenAiCompatible;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenAI;

namespace EDRS.Models.Inference;

/// <summary>
/// The model this process serves, chosen by <see cref="InferenceOptions"/>: a GGUF file run in-process by llama.cpp
/// (<c>MODEL_PATH</c>), or an OpenAI-compatible server (<c>OPENAI_BASE_URL</c>). Loaded once, on first use or at
/// warm-up. Inference grains run requests through it; nothing else should.
/// </summary>
public sealed partial class ModelBackend(IOptions<InferenceOptions> options, ILoggerFactory loggers) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private volatile Loaded? _loaded;

    public InferenceOptions Options => options.Value;

    public bool IsConfigured => options.Value.IsConfigured;

    /// <summary>The backend's chat client; throws <see cref="InvalidOperationException"/> with what to set when no model is configured.</summary>
    public IChatClient ChatClient => Load().ChatClient;

    /// <summary>The backend's token counter (the model's own tokenizer in-process; an estimate for an endpoint).</summary>
    public ITokenCounter TokenCounter => Load().TokenCounter;

    /// <summary>The in-process engine, or null for an endpoint.</summary>
    public LlamaBatchEngine? Engine => Load().Engine;

    /// <summary>Loads the model now (at start-up) instead of on the first request.</summary>
    public void WarmUp()
    {
        if (IsConfigured)
            _ = Load();
    }

    public async ValueTask DisposeAsync()
    {
        Loaded? loaded;
        lock (_gate)
        {
            loaded = _loaded;
            _loaded = null;
        }
        if (loaded?.Engine is { } engine)
        {
            await engine.DisposeAsync().ConfigureAwait(false);
            engine.Model.Dispose();
        }
        loaded?.ChatClient.Dispose();
    }

    private Loaded Load()
    {
        if (_loaded is { } loaded)
            return loaded;
        lock (_gate)
        {
            if (_loaded is not null)
                return _loaded;
            var o = options.Value;
            if (!o.IsConfigured)
                throw new InvalidOperationException(InferenceOptions.NotConfiguredMessage);
            var logger = loggers.CreateLogger("EDRS.Inference");
            if (o.HasModelFile)
            {
                var model = LlamaModel.Load(o.ModelPath!, o.MaxBatchSize, o.ContextSize, o.Threads, o.GpuLayers, loggers.CreateLogger("LLama.Native"));
                var engine = new LlamaBatchEngine(model, logger);
                LogLoaded(logger, o.ModelName, o.ModelPath!);
                _loaded = new Loaded(new LlamaChatClient(engine, o.ModelName, o.DefaultMaxTokens), new LlamaTokenCounter(model), engine);
            }
            else
            {
                var client = new OpenAIClient(
                    new ApiKeyCredential(string.IsNullOrEmpty(o.EndpointApiKey) ? "not-needed" : o.EndpointApiKey),
                    new OpenAIClientOptions { Endpoint = new Uri(o.EndpointUrl!) });
                LogEndpoint(logger, o.ModelName, o.EndpointUrl!, o.EndpointModel!);
                _loaded = new Loaded(client.GetChatClient(o.EndpointModel).AsIChatClient(), new EstimatedTokenCounter(), null);
            }
            return _loaded;
        }
    }

    private sealed record Loaded(IChatClient ChatClient, ITokenCounter TokenCounter, LlamaBatchEngine? Engine);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {ModelName} loaded in-process from {ModelPath}")]
    private static partial void LogLoaded(ILogger logger, string modelName, string modelPath);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {ModelName} served by the OpenAI-compatible endpoint {Endpoint} as {EndpointModel}")]
    private static partial void LogEndpoint(ILogger logger, string modelName, string endpoint, string endpointModel);
}
