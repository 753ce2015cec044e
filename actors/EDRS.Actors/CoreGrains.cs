using EDRS.Actors.Events;
using EDRS.Actors.Events.Routing;
using EDRS.Actors.Events.Table;
using EDRS.Actors.Personas;
using EDRS.Actors.Personas.Directory;
using EDRS.Actors.Runtime;
using EDRS.Actors.Sessions;
using EDRS.Actors.WorkingMemory;
using EDRS.Persistence.EventTypes;
using Marten;

namespace EDRS.Actors;

/// <summary>The kinds core members host, and every event type they journal. Add a kind here once.</summary>
public static class CoreGrains
{
    public static IReadOnlyList<GrainKindRegistration> Kinds { get; } =
        [PersonaKind.Registration, WorkingMemoryKind.Registration, SessionKind.Registration, EventRouterKind.Registration, RoutingTableKind.Registration];

    public static EventTypeMap EventTypes() => new EventTypeMap()
        .MapPersonaEvents().MapWorkingMemoryEvents().MapSessionEvents().MapEventRoutingEvents()
        .PublishPersonaEvents().PublishEventRoutingEvents();

    /// <summary>The read models (Marten projections) every host's store declares, so each host's schema is the same.</summary>
    public static void ConfigureReadModels(StoreOptions store) => PersonaDirectory.Configure(store);

    /// <summary>Descriptors of every protobuf message that crosses the cluster; every member registers all of them.</summary>
    public static IReadOnlyList<Google.Protobuf.Reflection.FileDescriptor> MessageDescriptors { get; } =
    [
        Grains.Contracts.GrainFaultReflection.Descriptor,
        Grains.Contracts.GrainStreamReflection.Descriptor,
        Grains.Contracts.Personas.PersonaReflection.Descriptor,
        // Embedding grains are hosted on inference nodes only, but every member may call them.
        Grains.Contracts.Embeddings.EmbeddingReflection.Descriptor,
        Grains.Contracts.Memory.WorkingMemoryReflection.Descriptor,
        Grains.Contracts.Sessions.SessionReflection.Descriptor,
        Grains.Contracts.Inference.InferenceReflection.Descriptor,
        Grains.Contracts.Events.EventsReflection.Descriptor,
        Google.Protobuf.WellKnownTypes.TimestampReflection.Descriptor,
    ];
}
