using System.Collections.Concurrent;
using EDRS.Grains.Contracts.Knowledge;
using EDRS.Grains.Runtime;
using Grpc.Core;

namespace EDRS.Actors.Knowledge;

/// <summary>
/// Finds a collection's shards and the shard of a document, and runs the document reads and removals that address one
/// shard or all of them. A collection's shard count never changes, so each process remembers it after asking the
/// collection once. Safe to use concurrently.
/// </summary>
public sealed class KnowledgeRouter(GrainClients clients)
{
    private readonly ConcurrentDictionary<(string Tenant, string CollectionId), CollectionView> _collections = new();

    public GrainClients Clients { get; } = clients;

    /// <summary>The collection's settings. NOT_FOUND (an <see cref="RpcException"/>) when it does not exist.</summary>
    public async Task<CollectionView> CollectionAsync(string tenant, string collectionId, CancellationToken cancellationToken)
    {
        if (KnowledgeDecider.ProblemWithCollectionId(collectionId) is { } problem)
            throw KnowledgeErrors.Invalid("collectionId", problem);
        if (_collections.TryGetValue((tenant, collectionId), out var known))
            return known;
        var view = await Clients.KnowledgeCollection(tenant, collectionId)
            .GetCollectionAsync(new GetCollectionRequest { CollectionId = collectionId }, cancellationToken: cancellationToken).ConfigureAwait(false);
        return _collections.GetOrAdd((tenant, collectionId), view);
    }

    /// <summary>The shard that holds (or will hold) <paramref name="documentId"/>.</summary>
    public KnowledgeShardGrain.KnowledgeShardGrainClient ShardOf(string tenant, CollectionView collection, string documentId) =>
        Clients.KnowledgeShard(tenant, collection.CollectionId, ShardKeys.ShardOf(documentId, collection.Shards));

    public async Task<DocumentView> GetDocumentAsync(string tenant, string collectionId, string documentId, CancellationToken cancellationToken)
    {
        RequireDocumentId(documentId);
        var collection = await CollectionAsync(tenant, collectionId, cancellationToken).ConfigureAwait(false);
        return await ShardOf(tenant, collection, documentId)
            .GetDocumentAsync(new GetDocumentRequest { DocumentId = documentId }, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    public async Task<RemoveDocumentAck> DeleteDocumentAsync(string tenant, string collectionId, string documentId, string requestId, CancellationToken cancellationToken)
    {
        RequireDocumentId(documentId);
        var collection = await CollectionAsync(tenant, collectionId, cancellationToken).ConfigureAwait(false);
        return await ShardOf(tenant, collection, documentId)
            .RemoveDocumentAsync(new RemoveDocumentRequest { RequestId = requestId, DocumentId = documentId }, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Up to <paramref name="limit"/> documents after <paramref name="afterDocumentId"/> (empty: from the first), by id,
    /// merged from every shard, and the id to continue after (null: no more).
    /// </summary>
    public async Task<(IReadOnlyList<DocumentView> Documents, string? NextAfter)> ListDocumentsAsync(
        string tenant, string collectionId, string afterDocumentId, int limit, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > KnowledgeLimits.MaxPageSize)
            throw KnowledgeErrors.Invalid("limit", $"must be 1..{KnowledgeLimits.MaxPageSize}");
        if (afterDocumentId.Length > 0)
            RequireDocumentId(afterDocumentId, "cursor");
        var collection = await CollectionAsync(tenant, collectionId, cancellationToken).ConfigureAwait(false);
        var request = new ListDocumentsRequest { AfterDocumentId = afterDocumentId, Limit = limit };
        var pages = await Task.WhenAll(Enumerable.Range(0, collection.Shards).Select(shard =>
            Clients.KnowledgeShard(tenant, collectionId, shard).ListDocumentsAsync(request, cancellationToken: cancellationToken).ResponseAsync)).ConfigureAwait(false);
        var merged = pages.SelectMany(p => p.Documents).OrderBy(d => d.DocumentId, StringComparer.Ordinal).ToList();
        var more = merged.Count > limit || pages.Any(p => p.More);
        var page = merged.Take(limit).ToList();
        return (page, more && page.Count > 0 ? page[^1].DocumentId : null);
    }

    private static void RequireDocumentId(string documentId, string field = "documentId")
    {
        if (!GrainIds.IsEntityId(documentId))
            throw KnowledgeErrors.Invalid(field, $"must be {GrainIds.EntityIdRule}");
    }
}
