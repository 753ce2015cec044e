using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace EDRS.Actors.Memory.Retrieval;

/// <summary>
/// Finds people's names in text: runs of capitalised words, and nicknames a text introduces ("everyone calls him Bob",
/// "goes by Kit", "prefers to be called Jess", "signs his emails 'Sasha'", "Liam to everyone"). The persona's people are
/// learnt from these (<see cref="PersonDirectory"/>), never from a list someone typed in.
/// </summary>
/// <remarks>Results are kept per string instance while it lives, like <see cref="TextAnalysis.Terms"/>.</remarks>
public static partial class NameScanner
{
    private static readonly ConditionalWeakTable<string, NamesInText> Cache = [];

    /// <summary>Capitalised words that are not names however they are written.</summary>
    private static readonly FrozenWords NotNames = new(
    [
        "i", "a", "an", "the", "and", "or", "but", "if", "so", "as", "at", "by", "for", "from", "in", "into", "of", "on", "to",
        "with", "we", "our", "us", "you", "your", "he", "she", "they", "him", "her", "them", "his", "hers", "their", "it",
        "its", "my", "me", "this", "that", "these", "those", "there", "here", "what", "which", "who", "whom", "whose", "when",
        "where", "why", "how", "is", "are", "was", "were", "be", "been", "do", "does", "did", "has", "have", "had", "can",
        "could", "will", "would", "should", "may", "might", "must", "not", "no", "yes", "any", "all", "every", "each", "some",
        "new", "after", "before", "since", "until", "while", "during", "now", "then", "once", "also", "still", "only", "just",
        "please", "change", "doctor", "team", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
        "december", "ceo", "cfo", "cto", "coo", "vp", "hr", "it", "qa", "ok", "okay", "mr", "mrs", "ms", "dr",
    ]);

    public static NamesInText Scan(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Cache.GetValue(text, Find);
    }

    /// <summary>True when <paramref name="folded"/> is a word that is never a name (sentence openers, days, titles).</summary>
    public static bool IsNeverAName(string folded) => NotNames.Contains(folded);

    private static NamesInText Find(string text)
    {
        var spans = ImmutableArray.CreateBuilder<NameSpan>();
        var words = new List<(string Token, int Start, int End)>();
        var opensSentence = false;
        foreach (Match word in Word().Matches(text))
        {
            var value = StripPossessive(word.Value);
            var capitalised = char.IsUpper(value[0]);
            var joined = words.Count > 0 && IsNameJoin(text.AsSpan(words[^1].End, word.Index - words[^1].End));
            if (!capitalised || !joined)
                Flush();
            if (!capitalised)
                continue;
            if (words.Count == 0)
                opensSentence = OpensSentence(text, word.Index);
            foreach (var token in TextAnalysis.FoldName(value).Split('-', StringSplitOptions.RemoveEmptyEntries))
                words.Add((token, word.Index, word.Index + word.Length));
            // A possessive ends the name ("Bob's boss").
            if (value.Length != word.Value.Length)
                Flush();
        }
        Flush();

        var aliases = ImmutableArray.CreateBuilder<string>();
        foreach (var pattern in AliasPatterns)
        {
            foreach (Match match in pattern.Matches(text))
            {
                var alias = TextAnalysis.FoldName(match.Groups["alias"].Value);
                if (alias.Length > 1 && !NotNames.Contains(alias) && !aliases.Contains(alias))
                    aliases.Add(alias);
            }
        }
        return spans.Count == 0 && aliases.Count == 0 ? NamesInText.None : new NamesInText(spans.ToImmutable(), aliases.ToImmutable());

        void Flush()
        {
            // Leading words that are never names ("When Maria", "After Bob") are dropped; what is left is the name.
            var first = 0;
            while (first < words.Count && NotNames.Contains(words[first].Token))
            {
                first++;
                opensSentence = false;
            }
            var kept = words.Skip(first).ToList();
            var names = kept.Select(w => w.Token).Where(t => t.Length > 1 && !NotNames.Contains(t)).ToImmutableArray();
            if (names.Length > 0)
                spans.Add(new NameSpan(names, kept[0].Start, kept[^1].End - kept[0].Start, opensSentence));
            words.Clear();
        }
    }

    /// <summary>Words of a name are separated by one space (or a hyphen inside the word itself).</summary>
    private static bool IsNameJoin(ReadOnlySpan<char> between) => between is " ";

    private static bool OpensSentence(string text, int index)
    {
        for (var i = index - 1; i >= 0; i--)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c) || c is '"' or '\'' or '\u2018' or '\u201c' or '(')
                continue;
            return c is '.' or '!' or '?' or ':' or ';' or '\u2014' or '-';
        }
        return true;
    }

    private static string StripPossessive(string word) =>
        word.EndsWith("'s", StringComparison.Ordinal) || word.EndsWith("\u2019s", StringComparison.Ordinal) ? word[..^2]
        : word.EndsWith('\'') || word.EndsWith('\u2019') ? word[..^1]
        : word;

    [GeneratedRegex(@"\p{L}[\p{L}\p{Mn}'\u2019-]*", RegexOptions.CultureInvariant)]
    private static partial Regex Word();

    private const string Alias = @"['""\u2018\u201c]?(?<alias>\p{Lu}[\p{L}\p{Mn}-]+)";

    /// <summary>How English introduces a nickname. The captured word must be capitalised.</summary>
    private static readonly Regex[] AliasPatterns =
    [
        new(@"\b(?:calls?|called|call)\s+(?:him|her|them|me)\s+" + Alias, RegexOptions.CultureInvariant),
        new(@"\b(?:goes|go|going|went)\s+by\s+" + Alias, RegexOptions.CultureInvariant),
        new(@"\b(?:known|referred\s+to)\s+as\s+" + Alias, RegexOptions.CultureInvariant),
        new(@"\bto\s+be\s+called\s+" + Alias, RegexOptions.CultureInvariant),
        new(@"\bnick(?:-|\s)?name(?:d|\s+is)?\s+" + Alias, RegexOptions.CultureInvariant),
        new(@"\bsigns?\s+(?:[\p{L}']+\s+){0,3}?(?:as\s+)?['""\u2018\u201c](?<alias>\p{Lu}[\p{L}\p{Mn}-]+)['""\u2019\u201d]", RegexOptions.CultureInvariant),
        new(@"\bsigns?\s+(?:[\p{L}']+\s+){0,3}?as\s+" + Alias, RegexOptions.CultureInvariant),
        new(@"(?:^|[\u2014,(-]\s*)(?<alias>\p{Lu}[\p{L}\p{Mn}-]+)\s+to\s+(?:everyone|everybody|friends|colleagues|the\s+team)\b", RegexOptions.CultureInvariant),
    ];
}
