namespace EDRS.Benchmarks.Memory;

/// <summary>
/// The word-level tests the validator needs (does a text name a person, which content words two texts share, how far
/// apart two names are). Hand-written: a few lines of word splitting and an edit distance do not justify a package.
/// </summary>
internal static class EvalText
{
    /// <summary>Function words that two texts may share without sharing a keyword.</summary>
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "about", "also", "been", "being", "could", "does", "doing", "done", "each", "from", "have", "having", "here",
        "into", "just", "more", "most", "much", "only", "should", "some", "such", "than", "that", "their", "them",
        "then", "there", "these", "they", "this", "those", "very", "were", "what", "when", "where", "which", "while",
        "whom", "whose", "will", "with", "would", "your",
    };

    /// <summary>Lower-case runs of letters and digits: "Katherine's" gives "katherine" and "s", "O'Connor" "o" and "connor".</summary>
    public static IReadOnlyList<string> Words(string text)
    {
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (inWord && start < 0)
                start = i;
            else if (!inWord && start >= 0)
            {
                words.Add(text[start..i].ToLowerInvariant());
                start = -1;
            }
        }
        return words;
    }

    /// <summary>Whether <paramref name="text"/> contains <paramref name="phrase"/> as whole words, ignoring case.</summary>
    public static bool Mentions(string text, string phrase)
    {
        var words = Words(text);
        var target = Words(phrase);
        if (target.Count == 0)
            return false;
        for (var i = 0; i + target.Count <= words.Count; i++)
        {
            if (target.Select((w, j) => words[i + j] == w).All(same => same))
                return true;
        }
        return false;
    }

    /// <summary>The words that name a person: each part of the name (but initials and particles like the O of O'Connor), and each alias.</summary>
    public static IReadOnlyList<string> NameWords(EvalPerson person) =>
        Words(person.Name).Where(w => w.Length >= 3).Concat(person.Aliases.SelectMany(Words)).Distinct().ToList();

    /// <summary>Whether the text names the person by any part of the name or by an alias.</summary>
    public static bool MentionsPerson(string text, EvalPerson person) =>
        person.Aliases.Any(a => Mentions(text, a)) || Words(person.Name).Where(w => w.Length >= 3).Any(w => Mentions(text, w));

    /// <summary>
    /// Content words of <paramref name="question"/> that <paramref name="answer"/> also has, in a crude stemmed form
    /// (words of 4+ letters, stop words and <paramref name="ignored"/> names left out, a plural s dropped, words of
    /// 5+ letters compared on their first five: "schedule" and "scheduled" meet, "plan" and "planet" do not).
    /// </summary>
    public static IReadOnlyList<string> SharedKeywords(string question, string answer, IReadOnlySet<string> ignored)
    {
        var answerStems = ContentWords(answer, ignored).Select(Stem).ToHashSet(StringComparer.Ordinal);
        return ContentWords(question, ignored).Where(w => answerStems.Contains(Stem(w))).Distinct().ToList();
    }

    /// <summary>Levenshtein distance: insertions, deletions and substitutions of one character.</summary>
    public static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    private static IEnumerable<string> ContentWords(string text, IReadOnlySet<string> ignored) =>
        Words(text).Where(w => w.Length >= 4 && !StopWords.Contains(w) && !ignored.Contains(w));

    private static string Stem(string word)
    {
        var singular = word.Length > 4 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) ? word[..^1] : word;
        return singular.Length >= 5 ? singular[..5] : singular;
    }
}
