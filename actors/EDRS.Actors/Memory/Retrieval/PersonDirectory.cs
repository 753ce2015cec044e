using System.Collections.Immutable;

namespace EDRS.Actors.Memory.Retrieval;

/// <summary>
/// The people a persona's memories are about and the names it knows them by (<see cref="KnownPerson"/>), and who a text
/// names. Names are compared whole after folding ("García" = "Garcia"): near-identical names never merge ("Jon Smith" is
/// not "John Smith"), and within one run of capitalised words a full name or nickname wins over people who only share a
/// word of it ("Jon Smith" does not also mean every other Smith).
/// </summary>
public sealed class PersonDirectory
{
    /// <summary>Strength of a first name alone (shared out among the people who have it).</summary>
    public const double FirstNameStrength = 0.9;

    /// <summary>Strength of a family name alone.</summary>
    public const double LastNameStrength = 0.75;

    /// <summary>Strength of another word of a name learnt from a memory's text.</summary>
    public const double OtherNameStrength = 0.6;

    private readonly Dictionary<string, KnownPerson> _people;
    private readonly Dictionary<string, List<KnownPerson>> _byToken = new(StringComparer.Ordinal);

    private PersonDirectory(Dictionary<string, KnownPerson> people)
    {
        _people = people;
        foreach (var person in people.Values)
        {
            foreach (var token in person.NameTokens.Union(person.Aliases))
            {
                if (!_byToken.TryGetValue(token, out var list))
                    _byToken[token] = list = [];
                list.Add(person);
            }
        }
    }

    public IReadOnlyCollection<KnownPerson> People => _people.Values;

    public KnownPerson? Find(string personId) => _people.GetValueOrDefault(personId);

    /// <summary>The directory of the people <paramref name="entries"/> are about.</summary>
    public static PersonDirectory Of(IEnumerable<MemoryEntry> entries)
    {
        var idTokens = new Dictionary<string, ImmutableArray<string>>(StringComparer.Ordinal);
        var names = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var aliases = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var texts = new List<MemoryEntry>();
        foreach (var entry in entries)
        {
            if (entry.PersonId.Length == 0)
                continue;
            if (!idTokens.ContainsKey(entry.PersonId))
            {
                var tokens = IdTokensOf(entry.PersonId);
                idTokens[entry.PersonId] = tokens;
                names[entry.PersonId] = [.. tokens];
                aliases[entry.PersonId] = [];
            }
            texts.Add(entry);
        }

        // Names written in a person's own memories when they share a word of the id ("Tomás Novák" for tomas-novak), and
        // the nicknames those memories introduce ("everyone calls him Bob": the memory is about the one called so).
        foreach (var entry in texts)
        {
            var found = NameScanner.Scan(entry.Text);
            var own = idTokens[entry.PersonId];
            foreach (var span in found.Spans)
            {
                if (span.Tokens.Any(t => own.Contains(t)))
                    names[entry.PersonId].UnionWith(span.Tokens);
            }
            foreach (var alias in found.Aliases)
            {
                // A word that is another known person's name is that person, not a nickname.
                if (!idTokens.Any(p => p.Key != entry.PersonId && p.Value.Contains(alias)))
                    aliases[entry.PersonId].Add(alias);
            }
        }

        var people = idTokens.Keys.ToDictionary(
            id => id,
            id => new KnownPerson(id, idTokens[id], [.. names[id]], [.. aliases[id]]),
            StringComparer.Ordinal);
        return new PersonDirectory(people);
    }

    /// <summary>The people <paramref name="text"/> names, strongest first.</summary>
    public IReadOnlyList<PersonMention> MentionsIn(string text)
    {
        var strengths = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var span in NameScanner.Scan(text).Spans)
        {
            foreach (var mention in Resolve(span))
                strengths[mention.PersonId] = Math.Max(strengths.GetValueOrDefault(mention.PersonId), mention.Strength);
        }
        return [.. strengths.Select(s => new PersonMention(s.Key, s.Value)).OrderByDescending(m => m.Strength).ThenBy(m => m.PersonId, StringComparer.Ordinal)];
    }

    /// <summary>
    /// <paramref name="text"/> without the names of people it names (possessives included): what it says about them. Names
    /// are scored as people, so a question's embedding and words should not also favour every memory that repeats a name.
    /// </summary>
    public string WithoutNames(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var spans = NameScanner.Scan(text).Spans.Where(s => Resolve(s).Any()).OrderBy(s => s.Start).ToList();
        if (spans.Count == 0)
            return text;
        var kept = new System.Text.StringBuilder(text.Length);
        var at = 0;
        foreach (var span in spans)
        {
            kept.Append(text, at, span.Start - at);
            at = span.Start + span.Length;
        }
        kept.Append(text, at, text.Length - at);
        return string.Join(' ', kept.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>True when <paramref name="text"/> names <paramref name="personId"/> by a full name or a nickname.</summary>
    public bool NamesFully(string text, string personId) =>
        MentionsIn(text).Any(m => m.PersonId == personId && m.Strength >= 1);

    private IEnumerable<PersonMention> Resolve(NameSpan span)
    {
        var candidates = new Dictionary<string, KnownPerson>(StringComparer.Ordinal);
        foreach (var token in span.Tokens)
        {
            if (_byToken.TryGetValue(token, out var people))
            {
                foreach (var person in people)
                    candidates[person.PersonId] = person;
            }
        }
        if (candidates.Count == 0)
            return [];

        // A nickname, or two or more words of one person's name, is that person.
        var full = candidates.Values.Where(p =>
            span.Tokens.Any(p.Aliases.Contains) || span.Tokens.Count(p.NameTokens.Contains) >= 2).ToList();
        if (full.Count > 0)
            return full.Select(p => new PersonMention(p.PersonId, 1.0 / full.Count));

        // One word: the people who have it share it.
        var mentions = new List<PersonMention>();
        foreach (var token in span.Tokens.Distinct())
        {
            var having = candidates.Values.Where(p => p.NameTokens.Contains(token)).ToList();
            foreach (var person in having)
            {
                var strength = token == person.FirstName ? FirstNameStrength : token == person.LastName ? LastNameStrength : OtherNameStrength;
                mentions.Add(new PersonMention(person.PersonId, strength / having.Count));
            }
        }
        return mentions;
    }

    private static ImmutableArray<string> IdTokensOf(string personId) =>
        [.. personId.Split(['-', '_', '.'], StringSplitOptions.RemoveEmptyEntries).Select(TextAnalysis.FoldName).Where(t => t.Length > 0)];
}
