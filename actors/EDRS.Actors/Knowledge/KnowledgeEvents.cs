using EDRS.Actors.Knowledge.Events;
using EDRS.Actors.Knowledge.Shards.Events;
using EDRS.Persistence.EventTypes;

namespace EDRS.Actors.Knowledge;

/// <summary>The stored names of the knowledge events. Never change a name once it has been used.</summary>
public static class KnowledgeEvents
{
    public static EventTypeMap MapKnowledgeEvents(this EventTypeMap map) => map
        .Map<KnowledgeCollectionCreated>("knowledge_collection_created")
        .Map<KnowledgeDocumentBegun>("knowledge_document_begun")
        .Map<KnowledgeChunksStaged>("knowledge_chunks_staged")
        .Map<KnowledgeDocumentAdded>("knowledge_document_added")
        .Map<KnowledgeDocumentUpdated>("knowledge_document_updated")
        .Map<KnowledgeDocumentRemoved>("knowledge_document_removed")
        .Map<KnowledgeStagingDropped>("knowledge_staging_dropped");

    /// <summary>The knowledge events that leave the cluster (outbox → Pulsar topic <c>{domain}.{action}</c>).</summary>
    public static EventTypeMap PublishKnowledgeEvents(this EventTypeMap map) => map
        .Publish<KnowledgeDocumentAdded>("knowledge.document_added")
        .Publish<KnowledgeDocumentUpdated>("knowledge.document_updated")
        .Publish<KnowledgeDocumentRemoved>("knowledge.document_removed");
}
