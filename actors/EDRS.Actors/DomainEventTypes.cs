using EDRS.Actors.Inbound;
using EDRS.Actors.Memory;
using EDRS.Actors.Knowledge;
using EDRS.Actors.Personas;
using EDRS.Actors.Sessions;
using EDRS.Actors.Tasks;
using EDRS.Actors.Tools;
using EDRS.Actors.Workflows;
using EDRS.Actors.WorkingMemory;
using EDRS.Persistence.EventTypes;

namespace EDRS.Actors;

/// <summary>
/// Every domain event the journal stores, under its pinned name, and those that leave the cluster. Every host maps all of
/// them, whichever kinds it hosts, so any process can read any stream. Add a feature's events here once.
/// </summary>
public static class DomainEventTypes
{
    public static EventTypeMap All() => new EventTypeMap()
        .MapPersonaEvents().MapWorkingMemoryEvents().MapMemoryEvents().MapSessionEvents().MapEventRoutingEvents().MapKnowledgeEvents()
        .PublishPersonaEvents().PublishEventRoutingEvents().PublishKnowledgeEvents()
        .MapTaskEvents().PublishTaskEvents()
        .MapToolEvents()
        .MapWorkflowEvents().PublishWorkflowEvents();
}
