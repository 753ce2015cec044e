using System.Text.RegularExpressions;

namespace EDRS.Actors.Memory.Retrieval;

/// <summary>
/// What a question asks of time and people beyond its words: <see cref="AsksForThePast"/> — what held <i>before</i> a
/// change ("used to", "originally", "previously", or a past-tense question with "before", "first" or "while") —
/// <see cref="AsksForTheOriginal"/> — the first of a line of updates ("originally", "at first", "initially", a past-tense
/// "first") — <see cref="ChangeClause"/> — the change a past question names ("before <i>she moved back to mornings</i>"),
/// and <see cref="AsksThroughSomeone"/> — about someone reached through a named person ("Bob's boss", "the person who
/// covers her", "Kenji's assistant", "the reviewer").
/// </summary>
public sealed partial record QueryIntent(bool AsksForThePast, bool AsksForTheOriginal, string ChangeClause, bool AsksThroughSomeone)
{
    public static readonly QueryIntent None = new(false, false, "", false);

    public static QueryIntent Of(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var pastTense = PastTense().IsMatch(question);
        var original = Original().IsMatch(question) || (pastTense && FirstWord().IsMatch(question));
        var past = original || PastMarker().IsMatch(question) || (pastTense && PastPointer().IsMatch(question));
        var clause = "";
        if (past && Before().Matches(question) is { Count: > 0 } befores)
        {
            var last = befores[^1];
            clause = question[(last.Index + last.Length)..].Trim(' ', '?', '.', '!');
        }
        return new QueryIntent(past, original, clause, Relation().IsMatch(question));
    }

    [GeneratedRegex(@"\bfirst\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FirstWord();

    [GeneratedRegex(@"\b(?:before|until|prior\s+to)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Before();

    [GeneratedRegex(@"\b(?:originally|original|initially|at\s+first|in\s+the\s+first\s+place|at\s+the\s+(?:start|beginning))\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Original();

    [GeneratedRegex(@"\b(?:used\s+to|previously|formerly|earlier|in\s+the\s+past|back\s+then|prior\s+to|the\s+old|any\s+more|anymore|no\s+longer)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PastMarker();

    [GeneratedRegex(@"\b(?:did|was|were|had)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PastTense();

    [GeneratedRegex(@"\b(?:before|first|while|until)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PastPointer();

    /// <summary>
    /// A person reached through another: a possessive followed by a role people have towards each other, or a phrase that
    /// points at someone unnamed ("the person who", "whoever", "that person").
    /// </summary>
    [GeneratedRegex(
        @"(?:['\u2019]s?\s+(?:[\p{L}-]+\s+){0,2}?(?:boss|manager|lead|mentor|mentee|buddy|assistant|deputy|cover|stand-?in|" +
        @"partner|colleague|counterpart|wife|husband|spouse|son|daughter|mother|father|brother|sister|friend|agent|chief\s+of\s+staff|" +
        @"report|reports|reviewer|approver|owner|contact|successor|predecessor|replacement|sponsor|coach|secretary|advisor|adviser)\b)" +
        @"|\b(?:the\s+(?:person|one|people|colleague)\s+(?:who|that|whom|it|they|she|he)|that\s+person|whoever|someone|somebody|next\s+to)\b" +
        @"|\bthe\s+(?:reviewer|approver|owner|mentor|buddy|assistant|deputy|stand-?in|cover|contact|sponsor)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Relation();
}
