using System.Buffers;
using System.Collections.Concurrent;
using FastBertTokenizer;
using KnowledgeTokenCounter = EDRS.Knowledge.Documents.Chunking.ITokenCounter;

namespace EDRS.Models.Embeddings.MiniLm;

/// <summary>
/// Counts text in all-MiniLM-L6-v2's own word pieces (its uncased vocabulary, FastBertTokenizer), without [CLS] and
/// [SEP]: what the knowledge base sizes chunks in, so a chunk of at most 254 pieces is read whole by the model.
/// Thread-safe: a tokenizer is one object with buffers of its own, so each concurrent caller borrows one from a pool
/// (loading the vocabulary takes milliseconds; a pool never holds more tokenizers than callers ran at once).
/// </summary>
public sealed class MiniLmWordPieceCounter : KnowledgeTokenCounter
{
    private readonly ConcurrentBag<BertTokenizer> _idle = [];

    public int CountTokens(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
            return 0;
        var tokenizer = Borrow();
        // Every word piece covers at least one character, so length + [CLS] + [SEP] slots never truncate.
        var capacity = text.Length + 2;
        var ids = ArrayPool<long>.Shared.Rent(capacity);
        var mask = ArrayPool<long>.Shared.Rent(capacity);
        try
        {
            return Math.Max(0, tokenizer.Encode(text.ToString(), ids.AsSpan(0, capacity), mask.AsSpan(0, capacity), padTo: null) - 2);
        }
        finally
        {
            ArrayPool<long>.Shared.Return(ids);
            ArrayPool<long>.Shared.Return(mask);
            _idle.Add(tokenizer);
        }
    }

    private BertTokenizer Borrow()
    {
        if (_idle.TryTake(out var tokenizer))
            return tokenizer;
        tokenizer = new BertTokenizer();
        using var vocabulary = MiniLmResources.OpenVocabulary();
        tokenizer.LoadVocabulary(vocabulary, convertInputToLowercase: true);
        return tokenizer;
    }
}
