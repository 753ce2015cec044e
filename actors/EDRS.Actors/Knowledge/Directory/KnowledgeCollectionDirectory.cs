using JasperFx.Events.Projections;
using Marten;

namespace EDRS.Actors.Knowledge.Directory;

/// <summary>
/// The collection directory: every knowledge collection of a tenant, by collection id. Eventually consistent: the async
/// daemon projects it from the journal shortly after a collection is created.
/// </summary>
public static class KnowledgeCollectionDirectory
{
    /// <summary>Registers the projection (async) and its table, <c>mt_doc_knowledge_collection_directory</c>, keyed for per-tenant paging.</summary>
    public static void Configure(StoreOptions store)
    {
        store.Projections.Add<KnowledgeCollectionDirectoryProjection>(ProjectionLifecycle.Async);
        store.Schema.For<KnowledgeCollectionEntry>()
            .DocumentAlias("knowledge_collection_directory")
            .Duplicate(e => e.Tenant, configure: index => index.Columns = ["tenant", "id"]);
    }

    /// <summary>Up to <paramref name="limit"/> collections of <paramref name="tenant"/> after <paramref name="afterCollectionId"/>, and whether more follow.</summary>
    public static Task<(IReadOnlyList<KnowledgeCollectionEntry> Entries, bool More)> PageAsync(
        IQuerySession session, string tenant, string? afterCollectionId, int limit, CancellationToken cancellationToken) =>
        ReadModelPages.PageAsync<KnowledgeCollectionEntry>(session, KnowledgeKind.Collection.Kind, tenant, afterCollectionId, limit, cancellationToken);
}
