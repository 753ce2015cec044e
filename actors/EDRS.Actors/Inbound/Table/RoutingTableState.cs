using System.Collections.Immutable;
using EDRS.Grains.Runtime;

namespace EDRS.Actors.Inbound.Table;

/// <summary>The durable part of a tenant's routing table: each persona's patterns.</summary>
public sealed record RoutingTableState(ImmutableSortedDictionary<string, RegisteredPersona> Personas)
{
    public static readonly RoutingTableState Initial = new(ImmutableSortedDictionary<string, RegisteredPersona>.Empty.WithComparers(StringComparer.Ordinal));

    public static RoutingTableState Evolve(RoutingTableState state, object @event) => @event switch
    {
        PersonaRoutingRegistered e => state with { Personas = state.Personas.SetItem(e.PersonaId, new RegisteredPersona(e.Handles, e.ProfileVersion)) },
        _ => throw new InvalidOperationException($"A routing table does not know the event {@event.GetType().Name}."),
    };

    /// <summary>The event a registration causes: none when the table already holds this or a newer version, or the same patterns.</summary>
    public static IReadOnlyList<object> Decide(Grains.Contracts.Events.RegisterPersonaRequest command, RoutingTableState state, DateTimeOffset now)
    {
        if (!GrainIds.IsEntityId(command.PersonaId))
            throw GrainException.Invalid("personaId", $"must be {GrainIds.EntityIdRule}");
        for (var i = 0; i < command.Handles.Count; i++)
        {
            if (!Routing.EventTypePatterns.IsValid(command.Handles[i]))
                throw GrainException.Invalid($"handles[{i}]", Routing.EventTypePatterns.Rule);
        }
        if (state.Personas.TryGetValue(command.PersonaId, out var held)
            && (held.ProfileVersion >= command.ProfileVersion || held.Handles.SequenceEqual(command.Handles)))
            return [];
        return [new PersonaRoutingRegistered(command.PersonaId, [.. command.Handles], command.ProfileVersion, now)];
    }
}
