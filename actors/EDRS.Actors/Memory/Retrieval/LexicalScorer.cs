namespace EDRS.Actors.Memory.Retrieval;

/// <summary>
/// BM25 (k1 = 1.2, b = 0.75) of a question's terms against memories (<see cref="TextAnalysis.Terms"/>), over the corpus
/// the question can see, divided by the score a memory matching every term once at average length would get — so 1 means
/// "all the question's words", whatever the question's length, and scores add to the dense similarity on one scale.
/// </summary>
/// <remarks>
/// Scored here rather than by a Lucene index: the corpus is the grain's state as of the question's time, filtered per
/// query, and rebuilt from that state on activation anyway; Lucene provides the analysis.
/// </remarks>
public sealed class LexicalScorer
{
    private const double K1 = 1.2;
    private const double B = 0.75;

    private readonly Dictionary<string, double> _idf = new(StringComparer.Ordinal);
    private readonly string[] _queryTerms;
    private readonly double _averageLength;
    private readonly double _ideal;

    public LexicalScorer(IReadOnlyCollection<MemoryEntry> corpus, string question)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(question);
        _queryTerms = [.. TextAnalysis.Terms(question).Distinct(StringComparer.Ordinal)];
        var documentFrequency = _queryTerms.ToDictionary(t => t, _ => 0, StringComparer.Ordinal);
        long totalLength = 0;
        foreach (var entry in corpus)
        {
            var terms = TextAnalysis.Terms(entry.Text);
            totalLength += terms.Length;
            foreach (var term in terms.Distinct(StringComparer.Ordinal))
            {
                if (documentFrequency.TryGetValue(term, out var df))
                    documentFrequency[term] = df + 1;
            }
        }
        var n = Math.Max(1, corpus.Count);
        _averageLength = Math.Max(1, (double)totalLength / n);
        foreach (var (term, df) in documentFrequency)
            _idf[term] = Math.Log(1 + ((n - df + 0.5) / (df + 0.5)));
        _ideal = _idf.Values.Sum();
    }

    /// <summary>The question's terms (distinct).</summary>
    public IReadOnlyList<string> QueryTerms => _queryTerms;

    /// <summary>True when <paramref name="entry"/> holds at least one of the question's terms.</summary>
    public bool Matches(MemoryEntry entry) => TextAnalysis.Terms(entry.Text).Any(_idf.ContainsKey);

    /// <summary>0 (no term) to about 1 (every term), a little more for repeated terms in a short memory.</summary>
    public double Score(MemoryEntry entry) => Score(TextAnalysis.Terms(entry.Text));

    /// <summary>The same score for any text (e.g. a memory's successor).</summary>
    public double Score(IReadOnlyList<string> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        if (_ideal <= 0 || terms.Count == 0)
            return 0;
        var lengthNorm = K1 * (1 - B + (B * terms.Count / _averageLength));
        double score = 0;
        foreach (var (term, idf) in _idf)
        {
            var tf = 0;
            foreach (var t in terms)
            {
                if (string.Equals(t, term, StringComparison.Ordinal))
                    tf++;
            }
            if (tf > 0)
                score += idf * (tf * (K1 + 1)) / (tf + lengthNorm);
        }
        return score / _ideal;
    }
}
