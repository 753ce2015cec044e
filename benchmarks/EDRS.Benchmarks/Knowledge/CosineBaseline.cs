using EDRS.Actors.Embeddings;
using EDRS.Actors.Knowledge.Ingestion;
using EDRS.Knowledge.Documents.Chunking;
using EDRS.Knowledge.Documents.Parsing;
using EDRS.Models.Embeddings.MiniLm;
using Microsoft.Extensions.AI;

namespace EDRS.Benchmarks.Knowledge;

/// <summary>
/// Plain cosine ranking on the same chunks the gateway indexed: the search API offers no dense-only ranking, so this
/// re-parses and re-chunks every document in-process with the product's parser and chunker (the gateway's chunk sizes,
/// checked against the chunk counts the gateway returned), embeds each chunk the way the ingestor does (title line +
/// chunk, <see cref="ChunkEmbeddingText"/>) with the same all-MiniLM-L6-v2 runner, and ranks by cosine alone.
/// </summary>
internal sealed class CosineBaseline : IDisposable
{
    private readonly MiniLmEmbeddingGenerator _model = new(new EmbeddingOptions());
    private readonly DocumentParser _parser = new();
    private readonly DocumentChunker _chunker;
    private readonly List<(RetrievedChunk Chunk, float[] Vector)> _chunks = [];

    /// <param name="chunking">The chunk sizes the gateway uses (EDRS.Hosting's knowledge registration).</param>
    public CosineBaseline(ChunkingOptions chunking) => _chunker = new DocumentChunker(new MiniLmWordPieceCounter(), chunking);

    public int Count => _chunks.Count;

    /// <summary>Chunks and embeds one document as the gateway did; returns its number of chunks.</summary>
    public async Task<int> AddAsync(string documentId, string title, byte[] content, string contentType, string? fileName)
    {
        var parsed = contentType == DocumentContentTypes.Pdf
            ? _parser.Parse(content, contentType, fileName)
            : _parser.ParseText(System.Text.Encoding.UTF8.GetString(content), contentType);
        var chunks = _chunker.Chunk(parsed);
        var vectors = await _model.GenerateAsync(chunks.Select(c => ChunkEmbeddingText.Of(title, c.Text))).ConfigureAwait(false);
        foreach (var (chunk, vector) in chunks.Zip(vectors))
            _chunks.Add((new RetrievedChunk(documentId, chunk.Text, chunk.FirstPage), Normalized(vector.Vector.ToArray())));
        return chunks.Count;
    }

    /// <summary>The <paramref name="k"/> chunks of highest cosine similarity to <paramref name="query"/>.</summary>
    public async Task<IReadOnlyList<RetrievedChunk>> SearchAsync(string query, int k)
    {
        var embedded = await _model.GenerateAsync([query]).ConfigureAwait(false);
        var q = Normalized(embedded[0].Vector.ToArray());
        return [.. _chunks
            .Select(c => (c.Chunk, Score: System.Numerics.Tensors.TensorPrimitives.Dot(q, c.Vector)))
            .OrderByDescending(c => c.Score)
            .Take(k)
            .Select(c => c.Chunk)];
    }

    public void Dispose() => _model.Dispose();

    private static float[] Normalized(float[] vector)
    {
        var norm = System.Numerics.Tensors.TensorPrimitives.Norm(vector);
        if (norm > 0)
            System.Numerics.Tensors.TensorPrimitives.Divide(vector, norm, vector);
        return vector;
    }
}
