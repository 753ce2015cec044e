using System.Globalization;
using EDRS.Actors.Inference;
using Microsoft.Extensions.Configuration;

namespace EDRS.Hosting.Inference;

/// <summary>
/// The flat environment variables model servers use (<c>MODEL_PATH</c>, <c>MAX_BATCH_SIZE</c>, ...), applied over the
/// <c>Inference</c> section so either spelling works and the flat one wins.
/// </summary>
internal static class InferenceVariables
{
    public static void Apply(InferenceOptions options, IConfiguration configuration, List<string> problems)
    {
        Text(configuration, "MODEL_PATH", v => options.ModelPath = v);
        Text(configuration, "MODEL_NAME", v => options.ModelName = v);
        Text(configuration, "OPENAI_BASE_URL", v => options.EndpointUrl = v);
        Text(configuration, "OPENAI_MODEL", v => options.EndpointModel = v);
        Text(configuration, "OPENAI_API_KEY", v => options.EndpointApiKey = v);
        Number(configuration, "MAX_BATCH_SIZE", problems, v => options.MaxBatchSize = v);
        Number(configuration, "INFERENCE_REPLICAS", problems, v => options.Replicas = v);
        Number(configuration, "INFERENCE_TIMEOUT_SECONDS", problems, v => options.TimeoutSeconds = v);
        Number(configuration, "INFERENCE_QUEUE_CAPACITY", problems, v => options.QueueCapacity = v);
        Number(configuration, "INFERENCE_BATCH_WINDOW_MS", problems, v => options.BatchWindowMilliseconds = v);
        Number(configuration, "MODEL_CONTEXT_SIZE", problems, v => options.ContextSize = v);
        Number(configuration, "MODEL_THREADS", problems, v => options.Threads = v);
        Number(configuration, "MODEL_GPU_LAYERS", problems, v => options.GpuLayers = v);
    }

    private static void Text(IConfiguration configuration, string name, Action<string> set)
    {
        if (configuration[name] is { Length: > 0 } value)
            set(value);
    }

    private static void Number(IConfiguration configuration, string name, List<string> problems, Action<int> set)
    {
        if (configuration[name] is not { Length: > 0 } value)
            return;
        if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
            set(number);
        else
            problems.Add($"{name} must be a whole number (was '{value}').");
    }
}
