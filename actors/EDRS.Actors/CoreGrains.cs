using EDRS.Actors.Events;
using EDRS.Actors.Events.Routing;
using EDRS.Actors.Events.Table;
using EDRS.Actors.Personas;
using EDRS.Actors.Personas.Directory;
using EDRS.Actors.Runtime;
using EDRS.Persistence.EventTypes;
using Marten;

namespace EDRS.Actors;

/// <summary>The kinds core members host, and every event type they journal. Add a kind here once.</summary>
public static class CoreGrains
{
    public static IReadOnlyList<GrainKindRegistration> Kinds { get; } =
        [PersonaKind.Registration, EventRouterKind.Registration, RoutingTableKind.Registration];

    public static EventTypeMap EventTypes() => new EventTypeMap()
        .MapPersonaEvents().MapEventRoutingEvents()
        .PublishPersonaEvents().PublishEventRoutingEvents();

    /// <summary>The read models (Marten projections) every host's store declares, so each host's schema is the same.</summary>
    public static void ConfigureReadModels(StoreOptions store) => PersonaDirectory.Configure(store);

    /// <summary>Descriptors of every protobuf message that crosses the cluster; every member registers all of them.</summary>
    public static IReadOnlyList<Google.Protobuf.Reflection.FileDescriptor> MessageDescriptors { get; } =
    [
        Grains.Contracts.GrainFaultReflection.Descriptor,
        Grains.Contracts.Personas.PersonaReflection.Descriptor,
        Grains.Contracts.Events.EventsReflection.Descriptor,
        Google.Protobuf.WellKnownTypes.TimestampReflection.Descriptor,
    ];
}
