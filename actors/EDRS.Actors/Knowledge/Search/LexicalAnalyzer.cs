using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Util;

namespace EDRS.Actors.Knowledge.Search;

/// <summary>
/// The terms of a text for lexical ranking: Lucene's English analysis (Unicode word breaks, lowercase, English stop
/// words, possessives dropped, Porter stems), so "configured", "configuring" and "configuration" meet. Underscores
/// are read as spaces first: an identifier such as <c>max_wal_size</c> then matches a question that spells its words.
/// Thread-safe (Lucene's analyzers keep one token stream per thread).
/// </summary>
public static class LexicalAnalyzer
{
    private static readonly EnglishAnalyzer Analyzer = new(LuceneVersion.LUCENE_48);

    /// <summary>The terms of <paramref name="text"/>, in order, repeats included.</summary>
    public static List<string> Terms(string text)
    {
        var terms = new List<string>();
        if (string.IsNullOrWhiteSpace(text))
            return terms;
        using var stream = Analyzer.GetTokenStream("text", text.Replace('_', ' '));
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
            terms.Add(term.ToString());
        stream.End();
        return terms;
    }
}
