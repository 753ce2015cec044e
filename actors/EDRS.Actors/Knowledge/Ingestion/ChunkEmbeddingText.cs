namespace EDRS.Actors.Knowledge.Ingestion;

/// <summary>
/// The text a chunk is embedded from: its document's title on the first line, then the chunk. A chunk alone often does
/// not say what it is about ("Requests are limited to 60 per minute" — of which product?); the title does, and costs
/// a few of the model's 254 word pieces. The heading path is left out: headings repeat across a document, and the
/// chunk sizes leave no room for long paths (measured in the knowledge benchmark).
/// </summary>
public static class ChunkEmbeddingText
{
    public static string Of(string title, string chunkText) => $"{title}\n{chunkText}";
}
