using System.Collections.Immutable;

namespace EDRS.Actors.Memory.Retrieval;

/// <summary>
/// A run of capitalised words in a text ("Maria García", "Halvorsen Logistics"), as folded name tokens
/// (<see cref="TextAnalysis.FoldName"/>), where it stands in the text (<paramref name="Start"/>, <paramref name="Length"/>,
/// a possessive "'s" included), and whether it opens a sentence (so its first word may be capitalised only for that).
/// </summary>
public sealed record NameSpan(ImmutableArray<string> Tokens, int Start, int Length, bool OpensSentence);
