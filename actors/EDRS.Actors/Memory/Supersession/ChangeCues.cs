using System.Text.RegularExpressions;

namespace EDRS.Actors.Memory.Supersession;

/// <summary>
/// Whether a memory is worded as a change ("now", "from May", "switched to", "no longer", "moved", "instead", "anymore",
/// "after the …"), the way people report that something they said before no longer holds — and not as an addition
/// ("also", "another", "as well"), which leaves what was said before standing.
/// </summary>
public static partial class ChangeCues
{
    /// <summary>True when <paramref name="text"/> reads as a change and not as an addition.</summary>
    public static bool ReadsAsChange(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Change().IsMatch(text) && !Addition().IsMatch(text);
    }

    [GeneratedRegex(
        @"\b(?:now|nowadays|these\s+days|any\s*more|no\s+longer|no\s+more|not\s+any\s+longer|instead|from\s+now\s+on|" +
        @"switch(?:ed|es)|swapp?(?:ed|s)|chang(?:ed|es)|change\s+(?:from|of)|moved|moves|again|back\s+(?:on|to|in|at)|" +
        @"from\s+(?:this|next)\s+(?:week|month|quarter|year)|" +
        @"from\s+(?:january|february|march|april|may|june|july|august|september|october|november|december)|" +
        @"as\s+of|starting\s+(?:on|from|this|next|in)|effective|" +
        @"slipp?ed|pushed|postponed|delayed|rescheduled|brought\s+forward|pull(?:ed)?\s+\w+(?:\s+\w+)?\s+forward|extend(?:ed|ing)|cancell?ed|" +
        @"(?:went|gone|goes)\s+(?:up|down)|raised|lowered|dropped|rerouted|replaced|reverted|" +
        @"gone\s+off|g[ai]ve\s+up|given\s+up|stopped|quit|finished|" +
        @"not\s+for\s+(?:him|her|them|me|us)|changed\s+(?:his|her|their|my|our)\s+mind|" +
        @"took\s+over|taken\s+over|handed\s+over|became|has\s+become|latest|currently|current)\b" +
        @"|^\s*(?:after|new)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Change();

    [GeneratedRegex(@"\b(?:also|as\s+well|another|in\s+addition|additionally|besides)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Addition();
}
