using System.Collections.Immutable;

namespace EDRS.Actors.Memory.Retrieval;

/// <summary>What <see cref="NameScanner"/> finds in one text: its capitalised spans and the nicknames it introduces.</summary>
public sealed record NamesInText(ImmutableArray<NameSpan> Spans, ImmutableArray<string> Aliases)
{
    public static readonly NamesInText None = new([], []);

    /// <summary>Every folded token of every span.</summary>
    public IEnumerable<string> Tokens => Spans.SelectMany(s => s.Tokens);
}
