using EDRS.Actors.Knowledge.Events;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace EDRS.Actors.Knowledge.Directory;

/// <summary>
/// Keeps <see cref="KnowledgeCollectionEntry"/> per collection stream, asynchronously under Marten's daemon (the journal
/// writes straight into Marten's tables, so an inline projection would never run). The tenant comes from the stream key.
/// </summary>
public sealed partial class KnowledgeCollectionDirectoryProjection : SingleStreamProjection<KnowledgeCollectionEntry, string>
{
    public static KnowledgeCollectionEntry Create(IEvent<KnowledgeCollectionCreated> created)
    {
        var key = created.StreamKey ?? throw new InvalidOperationException($"Event {created.Id} has no stream key.");
        var e = created.Data;
        return new KnowledgeCollectionEntry
        {
            Id = key,
            Tenant = ReadModelPages.TenantOf(key, KnowledgeKind.Collection.Kind),
            CollectionId = e.CollectionId,
            Name = e.Name,
            Description = e.Description,
            Shards = e.Shards,
            CreatedAt = e.CreatedAt,
        };
    }
}
