using System.Collections.Immutable;

namespace EDRS.Actors.Tools;

/// <summary>A tenant's tools by name, and the version each name reached (a re-registered tool continues its count).</summary>
public sealed record ToolRegistryState(ImmutableSortedDictionary<string, ToolSpec> Tools, ImmutableDictionary<string, long> Versions)
{
    public static readonly ToolRegistryState Initial = new(
        ImmutableSortedDictionary<string, ToolSpec>.Empty.WithComparers(StringComparer.Ordinal),
        ImmutableDictionary<string, long>.Empty.WithComparers(StringComparer.Ordinal));
}
