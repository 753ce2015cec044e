using EDRS.Actors.Knowledge.Shards;
using EDRS.Grains.Contracts.Knowledge;
using EDRS.Grains.Runtime;

namespace EDRS.Actors.Knowledge;

/// <summary>The knowledge kinds as a member hosts them: collections and their shards.</summary>
public static class KnowledgeKind
{
    public static GrainKindRegistration Collection { get; } =
        GrainKindRegistration.For<KnowledgeGrain.KnowledgeGrainBase, KnowledgeCollection>(KnowledgeGrain.Descriptor, KnowledgeGrain.BindService);

    public static GrainKindRegistration Shard { get; } =
        GrainKindRegistration.For<KnowledgeShardGrain.KnowledgeShardGrainBase, KnowledgeShard>(KnowledgeShardGrain.Descriptor, KnowledgeShardGrain.BindService);
}
