namespace EDRS.Vectors;

/// <summary>Connection to Qdrant (<c>Vectors:Qdrant</c>), used when <c>Vectors:Store</c> is <c>Qdrant</c>.</summary>
public sealed class QdrantOptions
{
    /// <summary>Qdrant's gRPC endpoint, e.g. <c>http://qdrant:6334</c> (env <c>Vectors__Qdrant__Url</c>). No default.</summary>
    public string? Url { get; set; }

    /// <summary>API key sent as the <c>api-key</c> header (env <c>Vectors__Qdrant__ApiKey</c>). Default: none.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Prefix of the Qdrant collection names, one collection per index kind (<c>edrs_memory</c>, <c>edrs_knowledge</c>)
    /// (env <c>Vectors__Qdrant__CollectionPrefix</c>). Default <c>edrs_</c>.
    /// </summary>
    public string CollectionPrefix { get; set; } = "edrs_";
}
