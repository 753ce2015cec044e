using System.Collections.Immutable;

namespace EDRS.Actors.Workflows.Registry;

/// <summary>A tenant's templates by name, every version kept (running instances hold their own copy, the API may read any).</summary>
public sealed record WorkflowRegistryState(ImmutableSortedDictionary<string, ImmutableList<TemplateVersion>> Templates)
{
    public static readonly WorkflowRegistryState Initial = new(ImmutableSortedDictionary<string, ImmutableList<TemplateVersion>>.Empty.WithComparers(StringComparer.Ordinal));

    public TemplateVersion? Latest(string name) => Templates.TryGetValue(name, out var versions) ? versions[^1] : null;

    public TemplateVersion? Find(string name, long version) =>
        version == 0 ? Latest(name) : Templates.TryGetValue(name, out var versions) ? versions.Find(v => v.Version == version) : null;
}
