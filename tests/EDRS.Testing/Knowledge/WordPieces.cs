using EDRS.Models.Embeddings.MiniLm;

namespace EDRS.Testing.Knowledge;

/// <summary>The product's all-MiniLM-L6-v2 word-piece counter, one instance for every test (it keeps its tokenizers).</summary>
public static class WordPieces
{
    public static MiniLmWordPieceCounter Counter { get; } = new();
}
