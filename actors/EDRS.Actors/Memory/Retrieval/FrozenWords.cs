using System.Collections.Frozen;

namespace EDRS.Actors.Memory.Retrieval;

/// <summary>A fixed set of lower-case words, read by many threads.</summary>
public sealed class FrozenWords(IEnumerable<string> words)
{
    private readonly FrozenSet<string> _words = words.ToFrozenSet(StringComparer.Ordinal);

    public bool Contains(string word) => _words.Contains(word);
}
