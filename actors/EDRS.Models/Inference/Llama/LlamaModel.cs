using System.Text;
using EDRS.Actors.Inference;
using LLama;
using LLama.Common;
using LLama.Native;
using Microsoft.Extensions.Logging;

namespace EDRS.Models.Inference.Llama;

/// <summary>
/// A GGUF model loaded once per process through LLamaSharp (llama.cpp): its weights, its own tokenizer and the
/// context parameters batches run with (one KV-cache sequence per request in a batch).
/// </summary>
public sealed class LlamaModel : IDisposable
{
    private static readonly Lock NativeSetup = new();
    private static bool _nativeConfigured;

    private LlamaModel(LLamaWeights weights, ModelParams parameters, int maxSequences, int contextPerSequence)
    {
        Weights = weights;
        Parameters = parameters;
        MaxSequences = maxSequences;
        ContextPerSequence = contextPerSequence;
        HasChatTemplate = weights.Metadata.ContainsKey("tokenizer.chat_template");
    }

    public LLamaWeights Weights { get; }

    /// <summary>Context parameters of a batch: <see cref="MaxSequences"/> sequences of <see cref="ContextPerSequence"/> tokens.</summary>
    public ModelParams Parameters { get; }

    public int MaxSequences { get; }

    public int ContextPerSequence { get; }

    public bool HasChatTemplate { get; }

    /// <summary>Loads <paramref name="path"/>; llama.cpp's own log goes to <paramref name="nativeLogger"/> (first load only).</summary>
    public static LlamaModel Load(string path, int maxSequences, int contextPerSequence, int threads, int gpuLayers, ILogger? nativeLogger = null)
    {
        ConfigureNative(nativeLogger);
        var parameters = new ModelParams(path)
        {
            ContextSize = (uint)(contextPerSequence * maxSequences),
            SeqMax = (uint)maxSequences,
            // One prompt must fit one decode call: a batch holds a whole prompt plus a token for every other sequence.
            BatchSize = (uint)(contextPerSequence + maxSequences),
            GpuLayerCount = gpuLayers,
            Threads = threads > 0 ? threads : null,
            BatchThreads = threads > 0 ? threads : null,
        };
        var weights = LLamaWeights.LoadFromFile(parameters);
        return new LlamaModel(weights, parameters, maxSequences, contextPerSequence);
    }

    /// <summary>The model's own tokens for <paramref name="text"/> (control tokens in the text are parsed as such).</summary>
    public LLamaToken[] Tokenize(string text, bool addBos) => Weights.Tokenize(text, addBos, special: true, Encoding.UTF8);

    public void Dispose() => Weights.Dispose();

    private static void ConfigureNative(ILogger? logger)
    {
        lock (NativeSetup)
        {
            if (_nativeConfigured)
                return;
            _nativeConfigured = true;
            // Must happen before the native library loads; llama.cpp otherwise writes its load log to stderr.
            if (logger is null)
                return;
            try
            {
                NativeLibraryConfig.All.WithLogCallback(logger);
            }
            catch (InvalidOperationException)
            {
                // Already loaded by an earlier user in this process: its log setting stays.
            }
        }
    }
}
