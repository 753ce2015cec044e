namespace EDRS.Actors.Knowledge;

/// <summary>The bounds of collections, documents and their chunks.</summary>
public static class KnowledgeLimits
{
    /// <summary>
    /// Longest collection id: an entity id short enough that its shard keys (<c>{collectionId}.s{n}</c>, n &lt; 64) are
    /// entity ids too.
    /// </summary>
    public const int MaxCollectionIdLength = 60;

    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 2_000;

    /// <summary>Shards a collection may be spread over; fixed when it is created.</summary>
    public const int MaxShards = 64;

    public const int MaxAllowedSources = 50;
    public const int MaxUriLength = 2_000;
    public const int MaxTitleLength = 500;
    public const int MaxTags = 20;
    public const int MaxTagLength = 64;

    /// <summary>
    /// Chunks one shard holds at most, committed and staged together. A bound on what one grain recovers: its snapshot
    /// (chunk texts as JSON, vectors and graph as the binary attachment) stays in the tens of megabytes and loads in
    /// about a second; a larger collection takes more shards.
    /// </summary>
    public const int MaxChunksPerShard = 20_000;

    /// <summary>Chunks of one document at most (about 9 million characters of text at the default chunk size).</summary>
    public const int MaxChunksPerDocument = 10_000;

    /// <summary>Chunks one staging call carries: with 384 floats each, a call stays well under a megabyte.</summary>
    public const int MaxChunksPerStage = 64;

    /// <summary>Characters of one chunk's text (the chunker cuts at 4,000 by default).</summary>
    public const int MaxChunkTextLength = 10_000;

    public const int MaxHeadingPathEntries = 16;
    public const int MaxHeadingLength = 500;

    /// <summary>Length of the vectors chunks are indexed with (all-MiniLM-L6-v2).</summary>
    public const int VectorDimensions = 384;

    /// <summary>A staged version not committed within this time is dropped by the shard's next command.</summary>
    public static readonly TimeSpan StagingTimeToLive = TimeSpan.FromHours(1);

    public const int MaxQueryLength = 2_000;
    public const int MaxResults = 50;
    public const int DefaultResults = 5;

    /// <summary>Candidates one shard returns per ranking (dense and lexical).</summary>
    public const int MaxCandidates = 200;

    /// <summary>Documents one listing page holds at most.</summary>
    public const int MaxPageSize = 200;
}
