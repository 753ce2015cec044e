using EDRS.Grains.Contracts.Knowledge;
using EDRS.Grains.Runtime;

namespace EDRS.Actors.Knowledge;

/// <summary>Typed access to knowledge grains.</summary>
public static class KnowledgeClients
{
    /// <summary>The collection <paramref name="collectionId"/> of <paramref name="tenant"/>.</summary>
    public static KnowledgeGrain.KnowledgeGrainClient KnowledgeCollection(this GrainClients clients, string tenant, string collectionId) =>
        new(clients.Invoker(KnowledgeGrain.Descriptor, tenant, collectionId));

    /// <summary>Shard <paramref name="shard"/> of the collection <paramref name="collectionId"/> of <paramref name="tenant"/>.</summary>
    public static KnowledgeShardGrain.KnowledgeShardGrainClient KnowledgeShard(this GrainClients clients, string tenant, string collectionId, int shard) =>
        new(clients.Invoker(KnowledgeShardGrain.Descriptor, tenant, ShardKeys.Of(collectionId, shard)));
}
