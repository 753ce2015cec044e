namespace EDRS.Actors.Knowledge;

/// <summary>
/// The knowledge base's settings (section <c>Knowledge</c>; environment variables <c>Knowledge__...</c>). How documents
/// are cut is <c>Knowledge:Chunking</c> (<see cref="EDRS.Knowledge.Documents.Chunking.ChunkingOptions"/>).
/// </summary>
public sealed class KnowledgeOptions
{
    public const string Section = "Knowledge";

    /// <summary>Shards of a collection created without a count. Default 4.</summary>
    public int DefaultShards { get; set; } = 4;

    /// <summary>
    /// Largest document accepted, in bytes: an upload (REST answers 413 above it) or a fetched source. Default 20 MiB.
    /// </summary>
    public long MaxDocumentBytes { get; set; } = 20L * 1024 * 1024;

    /// <summary>
    /// Weight of the dense (cosine) score in a hit's score; the rest is the lexical (BM25) score scaled to the best one of
    /// the query. 0..1; 1 ranks by cosine alone. Default 0.5 (see benchmarks/README.md, knowledge).
    /// </summary>
    public double DenseWeight { get; set; } = 0.5;

    /// <summary>Chunks embedded per embedding call while ingesting (spread over the embedding replicas). Default 64.</summary>
    public int EmbeddingBatch { get; set; } = 64;

    /// <summary>How long one fetch of a source an event asked to re-ingest may take. Default 60 s.</summary>
    public TimeSpan SourceFetchTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Attempts at re-ingesting a source an event asked for before it is recorded as failed. Default 5.</summary>
    public int SourceRefreshAttempts { get; set; } = 5;

    /// <summary>How often the processes that ingest look for sources events asked to re-ingest. Default 2 s.</summary>
    public TimeSpan SourceRefreshPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (DefaultShards is < 1 or > KnowledgeLimits.MaxShards)
            problems.Add($"Knowledge:DefaultShards must be 1..{KnowledgeLimits.MaxShards} (was {DefaultShards}): set Knowledge__DefaultShards.");
        if (MaxDocumentBytes is < 1024 or > 1024L * 1024 * 1024)
            problems.Add($"Knowledge:MaxDocumentBytes must be 1 KiB..1 GiB (was {MaxDocumentBytes}): set Knowledge__MaxDocumentBytes.");
        if (DenseWeight is < 0 or > 1 || double.IsNaN(DenseWeight))
            problems.Add($"Knowledge:DenseWeight must be 0..1 (was {DenseWeight}): set Knowledge__DenseWeight.");
        if (EmbeddingBatch is < 1 or > 1024)
            problems.Add($"Knowledge:EmbeddingBatch must be 1..1024 (was {EmbeddingBatch}): set Knowledge__EmbeddingBatch.");
        if (SourceFetchTimeout < TimeSpan.FromSeconds(1) || SourceFetchTimeout > TimeSpan.FromMinutes(10))
            problems.Add($"Knowledge:SourceFetchTimeout must be 1 s..10 min (was {SourceFetchTimeout}): set Knowledge__SourceFetchTimeout (e.g. 00:01:00).");
        if (SourceRefreshAttempts is < 1 or > 100)
            problems.Add($"Knowledge:SourceRefreshAttempts must be 1..100 (was {SourceRefreshAttempts}): set Knowledge__SourceRefreshAttempts.");
        if (SourceRefreshPollInterval < TimeSpan.FromMilliseconds(50) || SourceRefreshPollInterval > TimeSpan.FromMinutes(5))
            problems.Add($"Knowledge:SourceRefreshPollInterval must be 50 ms..5 min (was {SourceRefreshPollInterval}): set Knowledge__SourceRefreshPollInterval (e.g. 00:00:02).");
        return problems;
    }
}
