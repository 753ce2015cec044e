using System.Runtime.CompilerServices;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;

namespace EDRS.Actors.Memory.Retrieval;

/// <summary>
/// The words of a memory or a question as the lexical part of the ranking compares them, by Lucene's English analysis:
/// Unicode word boundaries, possessives dropped, lower case, accents folded to ASCII ("García" = "garcia"), English
/// function words removed, Porter stems ("batched" = "batch"). The same on every member whatever its globalization mode.
/// </summary>
/// <remarks>
/// A text's terms are computed once per string instance and kept while the string lives (memories keep their text), so a
/// ranking over thousands of memories does not re-analyse them on every query.
/// </remarks>
public static class TextAnalysis
{
    private static readonly LuceneVersion Version = LuceneVersion.LUCENE_48;

    /// <summary>English function words and question words: they say nothing about what a memory is about.</summary>
    private static readonly CharArraySet StopWords = new(Version,
    [
        "a", "about", "above", "after", "again", "all", "am", "an", "and", "any", "are", "as", "at", "be", "because", "been",
        "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down",
        "during", "each", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers",
        "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "me", "more",
        "most", "my", "myself", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours",
        "ourselves", "out", "over", "own", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their",
        "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under",
        "until", "up", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will",
        "with", "would", "you", "your", "yours", "yourself", "yourselves", "s", "t", "don", "doesn", "didn", "isn", "aren",
        "wasn", "weren", "won", "wouldn", "shouldn", "couldn", "ll", "re", "ve", "d", "m", "also", "still", "every", "want",
        "wants", "wanted", "like", "likes", "us", "anything", "something", "someone", "somebody", "whoever", "whatever",
    ], ignoreCase: true);

    private static readonly Analyzer English = Analyzer.NewAnonymous((_, reader) =>
    {
        var tokenizer = new StandardTokenizer(Version, reader);
        TokenStream stream = new EnglishPossessiveFilter(Version, tokenizer);
        stream = new LowerCaseFilter(Version, stream);
        stream = new ASCIIFoldingFilter(stream);
        stream = new StopFilter(Version, stream, StopWords);
        stream = new PorterStemFilter(stream);
        return new TokenStreamComponents(tokenizer, stream);
    });

    private static readonly ConditionalWeakTable<string, string[]> Cache = [];

    /// <summary>The terms of <paramref name="text"/>, in order, repeats kept.</summary>
    public static string[] Terms(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Cache.GetValue(text, Analyze);
    }

    /// <summary>Lower case, accents folded to ASCII, apostrophes dropped: how names are compared ("O'Connor" = "oconnor").</summary>
    public static string FoldName(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var input = word.ToLowerInvariant().ToCharArray();
        var output = new char[input.Length * 4];
        var length = ASCIIFoldingFilter.FoldToASCII(input, 0, output, 0, input.Length);
        var folded = new System.Text.StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            var c = output[i];
            if (c is not ('\'' or '\u2019' or '.'))
                folded.Append(c);
        }
        return folded.ToString();
    }

    private static string[] Analyze(string text)
    {
        var terms = new List<string>();
        using var stream = English.GetTokenStream("text", new StringReader(text));
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
            terms.Add(term.ToString());
        stream.End();
        return [.. terms];
    }
}
