namespace EDRS.Actors.Inference;

/// <summary>
/// Which model serves generation, and how the inference grains run it. Bound from the flat environment variables
/// operators know from model servers (<c>MODEL_PATH</c>, <c>MAX_BATCH_SIZE</c>, <c>INFERENCE_TIMEOUT_SECONDS</c>,
/// <c>OPENAI_BASE_URL</c>, ...), or from the section <c>Inference</c> (<c>Inference__ModelPath</c>, ...); the flat
/// names win. Neither a model file nor an endpoint is a valid state: the system starts and says what is missing.
/// </summary>
public sealed class InferenceOptions
{
    public const string Section = "Inference";

    /// <summary>A GGUF model file served in-process by llama.cpp (LLamaSharp). Environment variable <c>MODEL_PATH</c>.</summary>
    public string? ModelPath { get; set; }

    /// <summary>
    /// Base URL of an OpenAI-compatible server (vLLM, Ollama, TGI), e.g. <c>http://vllm:8000/v1</c>.
    /// Environment variable <c>OPENAI_BASE_URL</c>.
    /// </summary>
    public string? EndpointUrl { get; set; }

    /// <summary>The model name the OpenAI-compatible server knows. Environment variable <c>OPENAI_MODEL</c>.</summary>
    public string? EndpointModel { get; set; }

    /// <summary>API key for the OpenAI-compatible server, if it wants one. Environment variable <c>OPENAI_API_KEY</c>.</summary>
    public string? EndpointApiKey { get; set; }

    /// <summary>
    /// The name callers use for the served model: inference grains are <c>{ModelName}/{replica}</c>. Set it the same
    /// on callers and inference hosts when several models run. Environment variable <c>MODEL_NAME</c>. Default <c>default</c>.
    /// </summary>
    public string ModelName { get; set; } = "default";

    /// <summary>
    /// Inference grains per model that callers spread requests over (<c>{model}/0</c> .. <c>{model}/{n-1}</c>); each
    /// has its own queue and batches. Environment variable <c>INFERENCE_REPLICAS</c>. Default 1 (the largest batches).
    /// </summary>
    public int Replicas { get; set; } = 1;

    /// <summary>Requests decoded together in one model batch. Environment variable <c>MAX_BATCH_SIZE</c>. Default 8.</summary>
    public int MaxBatchSize { get; set; } = 8;

    /// <summary>A generation that takes longer is cancelled and its slot freed. Environment variable <c>INFERENCE_TIMEOUT_SECONDS</c>. Default 30.</summary>
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// Requests an inference grain holds waiting for a batch; beyond it calls are shed with RESOURCE_EXHAUSTED.
    /// Environment variable <c>INFERENCE_QUEUE_CAPACITY</c>. Default 64.
    /// </summary>
    public int QueueCapacity { get; set; } = 64;

    /// <summary>
    /// How long a batch waits for more requests after its oldest one arrived, when it is not yet full.
    /// Environment variable <c>INFERENCE_BATCH_WINDOW_MS</c>. Default 5 ms.
    /// </summary>
    public int BatchWindowMilliseconds { get; set; } = 5;

    /// <summary>Tokens of context per request (prompt plus reply) for the in-process model. Environment variable <c>MODEL_CONTEXT_SIZE</c>. Default 2048.</summary>
    public int ContextSize { get; set; } = 2048;

    /// <summary>CPU threads llama.cpp uses; 0 lets it decide. Environment variable <c>MODEL_THREADS</c>. Default 0.</summary>
    public int Threads { get; set; }

    /// <summary>Model layers offloaded to the GPU (CUDA builds only). Environment variable <c>MODEL_GPU_LAYERS</c>. Default 0.</summary>
    public int GpuLayers { get; set; }

    /// <summary>Reply length when a request names none. Default 256 tokens.</summary>
    public int DefaultMaxTokens { get; set; } = 256;

    public bool HasModelFile => !string.IsNullOrWhiteSpace(ModelPath);

    public bool HasEndpoint => !string.IsNullOrWhiteSpace(EndpointUrl);

    /// <summary>True when a model file or an OpenAI-compatible endpoint is configured.</summary>
    public bool IsConfigured => HasModelFile || HasEndpoint;

    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);

    public TimeSpan BatchWindow => TimeSpan.FromMilliseconds(BatchWindowMilliseconds);

    /// <summary>What an operator must set when no model is configured.</summary>
    public const string NotConfiguredMessage =
        "No model is configured: set MODEL_PATH to a GGUF model file (served in-process by llama.cpp), " +
        "or OPENAI_BASE_URL and OPENAI_MODEL (optionally OPENAI_API_KEY) to an OpenAI-compatible server such as vLLM, Ollama or TGI.";

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (HasModelFile && HasEndpoint)
            problems.Add("Both MODEL_PATH and OPENAI_BASE_URL are set: choose one backend (unset the other).");
        if (HasModelFile && !File.Exists(ModelPath))
            problems.Add($"MODEL_PATH names no file ('{ModelPath}'): set MODEL_PATH to a GGUF model file.");
        if (HasEndpoint)
        {
            if (!Uri.TryCreate(EndpointUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                problems.Add($"OPENAI_BASE_URL must be an absolute http(s) URL (was '{EndpointUrl}'), e.g. http://vllm:8000/v1.");
            if (string.IsNullOrWhiteSpace(EndpointModel))
                problems.Add("OPENAI_BASE_URL is set but OPENAI_MODEL is not: set OPENAI_MODEL to the model name the server serves.");
        }
        if (string.IsNullOrWhiteSpace(ModelName) || ModelName.Contains('/', StringComparison.Ordinal))
            problems.Add($"MODEL_NAME must be non-empty without '/' (was '{ModelName}'): set MODEL_NAME.");
        if (Replicas is < 1 or > 1024)
            problems.Add($"INFERENCE_REPLICAS must be 1..1024 (was {Replicas}): set INFERENCE_REPLICAS.");
        if (MaxBatchSize is < 1 or > 64)
            problems.Add($"MAX_BATCH_SIZE must be 1..64 (was {MaxBatchSize}): set MAX_BATCH_SIZE.");
        if (TimeoutSeconds is < 1 or > 3600)
            problems.Add($"INFERENCE_TIMEOUT_SECONDS must be 1..3600 (was {TimeoutSeconds}): set INFERENCE_TIMEOUT_SECONDS.");
        if (QueueCapacity is < 1 or > 100_000)
            problems.Add($"INFERENCE_QUEUE_CAPACITY must be 1..100000 (was {QueueCapacity}): set INFERENCE_QUEUE_CAPACITY.");
        if (BatchWindowMilliseconds is < 0 or > 60_000)
            problems.Add($"INFERENCE_BATCH_WINDOW_MS must be 0..60000 (was {BatchWindowMilliseconds}): set INFERENCE_BATCH_WINDOW_MS.");
        if (ContextSize is < 64 or > 1_048_576)
            problems.Add($"MODEL_CONTEXT_SIZE must be 64..1048576 (was {ContextSize}): set MODEL_CONTEXT_SIZE.");
        if (Threads is < 0 or > 1024)
            problems.Add($"MODEL_THREADS must be 0..1024 (was {Threads}): set MODEL_THREADS.");
        if (GpuLayers is < 0 or > 10_000)
            problems.Add($"MODEL_GPU_LAYERS must be 0..10000 (was {GpuLayers}): set MODEL_GPU_LAYERS.");
        if (DefaultMaxTokens is < 1 or > 1_048_576)
            problems.Add($"Inference:DefaultMaxTokens must be 1..1048576 (was {DefaultMaxTokens}): set Inference__DefaultMaxTokens.");
        return problems;
    }
}
