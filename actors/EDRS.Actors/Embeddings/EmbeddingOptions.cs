namespace EDRS.Actors.Embeddings;

/// <summary>
/// The embedding model a member runs, and how (section <c>Embeddings</c>; environment variables <c>Embeddings__...</c>).
/// Validated at start-up of every host that registers the embedding backend.
/// </summary>
public sealed class EmbeddingOptions
{
    public const string Section = "Embeddings";

    /// <summary>all-MiniLM-L6-v2 (384-d, mean pooling): the default model; also the first part of its grains' identities.</summary>
    public const string MiniLmModel = "all-MiniLM-L6-v2";

    /// <summary>snowflake-arctic-embed-xs (384-d, [CLS] pooling, an instruction before queries): the other model served.</summary>
    public const string ArcticXsModel = "snowflake-arctic-embed-xs";

    /// <summary>The models a member can run, by the name <see cref="Model"/> takes.</summary>
    public static IReadOnlyList<string> Models { get; } = [MiniLmModel, ArcticXsModel];

    /// <summary>
    /// The embedding model: <c>all-MiniLM-L6-v2</c> (default: it ranked memories better on the memory evaluation set, see
    /// benchmarks/README.md) or <c>snowflake-arctic-embed-xs</c>. Inference members run it and every caller asks for it, so
    /// set it alike everywhere. Vectors of different models do not compare: stored memories keep the model that embedded them.
    /// </summary>
    public string Model { get; set; } = MiniLmModel;

    /// <summary>all-MiniLM-L6-v2 was trained on sequences of at most 256 word pieces; longer input is cut there.</summary>
    public const int MiniLmMaxSequenceLength = 256;

    /// <summary>Upper bound of <see cref="BatchSize"/>: beyond it padding and memory grow faster than throughput.</summary>
    public const int MaxBatchSize = 256;

    /// <summary>
    /// Texts per model run (one ONNX Runtime <c>Run</c>, padded to its longest text). Default 16: with the texts of a call
    /// sorted by length, small batches waste little on padding and keep every concurrent run busy (measured on 2 cores).
    /// </summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>Word pieces of one text the model reads, [CLS] and [SEP] included; 8..256. Default 256 (the model's own limit).</summary>
    public int MaxSequenceLength { get; set; } = MiniLmMaxSequenceLength;

    /// <summary><c>Cpu</c> (default) or <c>Cuda</c> (case-insensitive).</summary>
    public EmbeddingExecutionProvider ExecutionProvider { get; set; } = EmbeddingExecutionProvider.Cpu;

    /// <summary>The GPU ordinal when <see cref="ExecutionProvider"/> is <c>Cuda</c>. Default 0.</summary>
    public int CudaDeviceId { get; set; }

    /// <summary>
    /// Threads ONNX Runtime uses inside one model run. Default 1: for a model this small, several single-threaded runs
    /// side by side (<see cref="ConcurrentRuns"/>) beat one run spread over every core, which spends its time synchronising
    /// (measured here on 2 cores: ≈ 6 vs ≈ 7.5 CPU-ms per sentence, ≈ 10 with ONNX Runtime's default spinning threads). On a GPU this matters little.
    /// </summary>
    public int IntraOpThreads { get; set; } = 1;

    /// <summary>Model runs in flight at once (each with its own buffers); 0 (default) means processors / intra-op threads.</summary>
    public int ConcurrentRuns { get; set; }

    /// <summary>
    /// How many embedding grains (<c>{model}/0</c> .. <c>{model}/{Replicas-1}</c>) callers spread their calls over. A replica
    /// runs one call at a time, so this bounds the model runs in flight across the cluster. Default 2.
    /// </summary>
    public int Replicas { get; set; } = 2;

    /// <summary>
    /// Deadline of one embedding grain call made by the grain-backed port (at most 128 texts). Longer than the grain
    /// default because a call may wait behind others for the model. Default 30 s.
    /// </summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary><see cref="ConcurrentRuns"/>, with 0 resolved against the host's processor count.</summary>
    public int EffectiveConcurrentRuns => ConcurrentRuns > 0 ? ConcurrentRuns : Math.Max(1, Environment.ProcessorCount / Math.Max(1, IntraOpThreads));

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!Models.Contains(Model, StringComparer.Ordinal))
            problems.Add($"Embeddings:Model must be one of {string.Join(", ", Models)} (was '{Model}'): set Embeddings__Model.");
        if (BatchSize is < 1 or > MaxBatchSize)
            problems.Add($"Embeddings:BatchSize must be 1..{MaxBatchSize} (was {BatchSize}): set Embeddings__BatchSize.");
        if (MaxSequenceLength is < 8 or > MiniLmMaxSequenceLength)
            problems.Add($"Embeddings:MaxSequenceLength must be 8..{MiniLmMaxSequenceLength}, the model's own limit (was {MaxSequenceLength}): set Embeddings__MaxSequenceLength.");
        if (!Enum.IsDefined(ExecutionProvider))
            problems.Add($"Embeddings:ExecutionProvider must be Cpu or Cuda (was {ExecutionProvider}): set Embeddings__ExecutionProvider.");
        if (CudaDeviceId is < 0 or > 63)
            problems.Add($"Embeddings:CudaDeviceId must be 0..63 (was {CudaDeviceId}): set Embeddings__CudaDeviceId.");
        if (IntraOpThreads is < 1 or > 256)
            problems.Add($"Embeddings:IntraOpThreads must be 1..256 (was {IntraOpThreads}): set Embeddings__IntraOpThreads.");
        if (ConcurrentRuns is < 0 or > 256)
            problems.Add($"Embeddings:ConcurrentRuns must be 0 (processors / intra-op threads)..256 (was {ConcurrentRuns}): set Embeddings__ConcurrentRuns.");
        if (Replicas is < 1 or > 1024)
            problems.Add($"Embeddings:Replicas must be 1..1024 (was {Replicas}): set Embeddings__Replicas.");
        if (CallTimeout < TimeSpan.FromSeconds(1) || CallTimeout > TimeSpan.FromMinutes(5))
            problems.Add($"Embeddings:CallTimeout must be 1 s..5 min (was {CallTimeout}): set Embeddings__CallTimeout (e.g. 00:00:30).");
        return problems;
    }
}
