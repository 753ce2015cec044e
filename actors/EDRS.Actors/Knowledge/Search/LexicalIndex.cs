namespace EDRS.Actors.Knowledge.Search;

/// <summary>
/// BM25 (k1 = 1.2, b = 0.75, Lucene's idf) over the chunks of one shard, in memory: an inverted index from term to the
/// chunks holding it with their term frequencies. Hand-written because what the shard needs is small — add, remove,
/// top-k and the score of one chunk, changing with each commit — and a Lucene index would add segment files, readers
/// to reopen after every change, and a second copy of every text. Not thread-safe: a shard grain uses it from its
/// mailbox only.
/// </summary>
public sealed class LexicalIndex
{
    private const float K1 = 1.2f;
    private const float B = 0.75f;

    private readonly Dictionary<string, Dictionary<string, int>> _postings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _totalLength;

    /// <summary>Chunks indexed.</summary>
    public int Count => _entries.Count;

    /// <summary>Indexes <paramref name="text"/> under <paramref name="key"/>, replacing what was there.</summary>
    public void Upsert(string key, string text)
    {
        Remove(key);
        var terms = LexicalAnalyzer.Terms(text);
        var frequencies = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var term in terms)
            frequencies[term] = frequencies.GetValueOrDefault(term) + 1;
        _entries[key] = new Entry(terms.Count, frequencies);
        _totalLength += terms.Count;
        foreach (var (term, count) in frequencies)
        {
            if (!_postings.TryGetValue(term, out var holders))
                _postings[term] = holders = new Dictionary<string, int>(StringComparer.Ordinal);
            holders[key] = count;
        }
    }

    public void Remove(string key)
    {
        if (!_entries.Remove(key, out var entry))
            return;
        _totalLength -= entry.Length;
        foreach (var term in entry.Frequencies.Keys)
        {
            var holders = _postings[term];
            holders.Remove(key);
            if (holders.Count == 0)
                _postings.Remove(term);
        }
    }

    public void Clear()
    {
        _postings.Clear();
        _entries.Clear();
        _totalLength = 0;
    }

    /// <summary>The <paramref name="top"/> chunks with the highest BM25 for <paramref name="queryTerms"/>, best first; only chunks <paramref name="accept"/> admits.</summary>
    public List<(string Key, float Score)> Search(IReadOnlyCollection<string> queryTerms, int top, Func<string, bool>? accept = null)
    {
        var scores = new Dictionary<string, float>(StringComparer.Ordinal);
        var average = AverageLength;
        foreach (var term in queryTerms.Distinct(StringComparer.Ordinal))
        {
            if (!_postings.TryGetValue(term, out var holders))
                continue;
            var idf = Idf(holders.Count);
            foreach (var (key, frequency) in holders)
            {
                if (accept is not null && !accept(key))
                    continue;
                scores[key] = scores.GetValueOrDefault(key) + TermScore(idf, frequency, _entries[key].Length, average);
            }
        }
        return [.. scores.OrderByDescending(s => s.Value).ThenBy(s => s.Key, StringComparer.Ordinal).Take(top).Select(s => (s.Key, s.Value))];
    }

    /// <summary>The BM25 of one chunk for <paramref name="queryTerms"/> (0 when it holds none of them or is not indexed).</summary>
    public float Score(string key, IReadOnlyCollection<string> queryTerms)
    {
        if (!_entries.TryGetValue(key, out var entry))
            return 0f;
        var average = AverageLength;
        var score = 0f;
        foreach (var term in queryTerms.Distinct(StringComparer.Ordinal))
        {
            if (entry.Frequencies.TryGetValue(term, out var frequency))
                score += TermScore(Idf(_postings[term].Count), frequency, entry.Length, average);
        }
        return score;
    }

    private float AverageLength => _entries.Count == 0 ? 1f : Math.Max(1f, (float)_totalLength / _entries.Count);

    private float Idf(int holders) => MathF.Log(1f + ((_entries.Count - holders + 0.5f) / (holders + 0.5f)));

    private static float TermScore(float idf, int frequency, int length, float averageLength) =>
        idf * frequency * (K1 + 1f) / (frequency + (K1 * (1f - B + (B * length / averageLength))));

    private sealed record Entry(int Length, Dictionary<string, int> Frequencies);
}
