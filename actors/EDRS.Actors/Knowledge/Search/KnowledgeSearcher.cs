using EDRS.Grains.Contracts.Knowledge;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace EDRS.Actors.Knowledge.Search;

/// <summary>
/// Searches one or more collections of a tenant: embeds the query once, asks every shard of every collection at once
/// for its dense and lexical candidates, and ranks them together (<see cref="HybridRanking"/>). Stateless and safe to use
/// concurrently: the shards do the work in parallel, and no single grain holds up other searches of a collection.
/// </summary>
public sealed class KnowledgeSearcher(KnowledgeRouter router, IEmbeddingGenerator<string, Embedding<float>> embeddings, IOptions<KnowledgeOptions> options)
{
    /// <summary>Candidates each shard returns per ranking for <paramref name="k"/> results: enough for the fusion to reorder.</summary>
    public static int CandidatesFor(int k) => Math.Clamp(Math.Max(20, k * 4), 1, KnowledgeLimits.MaxCandidates);

    /// <summary>
    /// The best <paramref name="k"/> chunks for <paramref name="query"/> in <paramref name="collectionIds"/>, only from
    /// documents with one of <paramref name="tags"/> (none: all). Failures are <see cref="Grpc.Core.RpcException"/>s
    /// naming the field (INVALID_ARGUMENT), NOT_FOUND for a collection that does not exist, and what the shards or the
    /// embedding grains answer.
    /// </summary>
    public async Task<IReadOnlyList<KnowledgeHitView>> SearchAsync(
        string tenant, IReadOnlyList<string> collectionIds, string query, int k, IReadOnlyList<string> tags, CancellationToken cancellationToken, double? denseWeight = null)
    {
        if (string.IsNullOrWhiteSpace(query))
            throw KnowledgeErrors.Invalid("q", "is required");
        if (query.Length > KnowledgeLimits.MaxQueryLength)
            throw KnowledgeErrors.Invalid("q", $"must be at most {KnowledgeLimits.MaxQueryLength} characters (was {query.Length})");
        if (k is < 1 or > KnowledgeLimits.MaxResults)
            throw KnowledgeErrors.Invalid("k", $"must be 1..{KnowledgeLimits.MaxResults}");
        if (tags.Count > KnowledgeLimits.MaxTags)
            throw KnowledgeErrors.Invalid("tags", $"must have at most {KnowledgeLimits.MaxTags} entries");
        if (collectionIds.Count == 0)
            return [];

        var collections = await Task.WhenAll(collectionIds.Distinct(StringComparer.Ordinal)
            .Select(id => router.CollectionAsync(tenant, id, cancellationToken))).ConfigureAwait(false);
        var embedded = await embeddings.GenerateAsync([query], cancellationToken: cancellationToken).ConfigureAwait(false);
        var request = new ShardSearchRequest { Query = query, Candidates = CandidatesFor(k) };
        request.QueryVector.AddRange(embedded[0].Vector.ToArray());
        request.Tags.AddRange(tags);

        var calls = collections.SelectMany(collection => Enumerable.Range(0, collection.Shards).Select(async shard =>
        {
            var reply = await router.Clients.KnowledgeShard(tenant, collection.CollectionId, shard)
                .SearchAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
            return reply.Candidates.Select(c => (collection.CollectionId, c));
        }));
        var replies = await Task.WhenAll(calls).ConfigureAwait(false);
        return HybridRanking.Rank(replies.SelectMany(r => r), denseWeight ?? options.Value.DenseWeight, k);
    }
}
