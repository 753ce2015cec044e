using System.Collections.Concurrent;
using EDRS.Vectors;
using EDRS.Vectors.InMember;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.VectorData;

namespace EDRS.Actors.Tests.Memory;

/// <summary>
/// The member's real in-member index factory, wrapped to keep a weak reference to every index it creates: how a test sees
/// that a stopped grain lets its index go. Not a double: every index is the real one.
/// </summary>
public sealed class TrackedIndexFactory(IVectorIndexFactory inner) : IVectorIndexFactory
{
    private readonly ConcurrentQueue<(VectorIndexName Name, WeakReference Index)> _created = new();

    public VectorStoreKind Store => inner.Store;

    public VectorIndex<TRecord> Create<TRecord>(VectorIndexName name, VectorStoreCollectionDefinition? definition = null)
        where TRecord : class
    {
        var index = inner.Create<TRecord>(name, definition);
        _created.Enqueue((name, new WeakReference(index)));
        return index;
    }

    /// <summary>Weak references to the indexes created so far whose owner ends with <paramref name="ownerSuffix"/>.</summary>
    public IReadOnlyList<WeakReference> CreatedFor(string kind, string ownerSuffix) =>
        [.. _created.Where(c => c.Name.Kind == kind && c.Name.Owner.EndsWith(ownerSuffix, StringComparison.Ordinal)).Select(c => c.Index)];

    /// <summary>Makes a member's index factory the in-member one, tracked; <paramref name="created"/> receives it.</summary>
    public static void Install(IServiceCollection services, Action<TrackedIndexFactory> created)
    {
        services.RemoveAll<IVectorIndexFactory>();
        services.AddSingleton<IVectorIndexFactory>(sp =>
        {
            var factory = new TrackedIndexFactory(new InMemberVectorIndexFactory(sp.GetRequiredService<IOptions<VectorsOptions>>().Value.Hnsw));
            created(factory);
            return factory;
        });
    }
}
