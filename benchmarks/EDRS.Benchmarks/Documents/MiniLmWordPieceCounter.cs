using System.Buffers;
using EDRS.Knowledge.Documents.Chunking;
using EDRS.Models.Embeddings.MiniLm;
using FastBertTokenizer;

namespace EDRS.Benchmarks.Documents;

/// <summary>Counts all-MiniLM-L6-v2 word pieces (the model's vocabulary, FastBertTokenizer), [CLS] and [SEP] excluded.</summary>
internal sealed class MiniLmWordPieceCounter : ITokenCounter
{
    private readonly BertTokenizer _tokenizer = new();

    public MiniLmWordPieceCounter()
    {
        using var vocabulary = MiniLmResources.OpenVocabulary();
        _tokenizer.LoadVocabulary(vocabulary, convertInputToLowercase: true);
    }

    public int CountTokens(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
            return 0;
        var capacity = text.Length + 2; // a word piece covers at least one character
        var ids = ArrayPool<long>.Shared.Rent(capacity);
        var mask = ArrayPool<long>.Shared.Rent(capacity);
        try
        {
            return Math.Max(0, _tokenizer.Encode(text.ToString(), ids.AsSpan(0, capacity), mask.AsSpan(0, capacity), padTo: null) - 2);
        }
        finally
        {
            ArrayPool<long>.Shared.Return(ids);
            ArrayPool<long>.Shared.Return(mask);
        }
    }
}
