using EDRS.Actors.Inbound.Routing;
using EDRS.Actors.Inbound.RoutingTables.Commands;
using EDRS.Actors.Inbound.RoutingTables.Events;
using EDRS.Grains.Runtime;

namespace EDRS.Actors.Inbound.RoutingTables;

/// <summary>The routing table's rules, pure: a registration is kept when it is newer and says something new.</summary>
public static class RoutingTableDecider
{
    /// <summary>The event a registration causes: none when the table already holds this or a newer version, or the same patterns.</summary>
    public static IReadOnlyList<RoutingTableEvent> Decide(RegisterPersona command, RoutingTableState state, DateTimeOffset now)
    {
        if (!GrainIds.IsEntityId(command.PersonaId))
            throw Reject.Invalid("personaId", $"must be {GrainIds.EntityIdRule}");
        for (var i = 0; i < command.Handles.Count; i++)
        {
            if (!EventTypePatterns.IsValid(command.Handles[i]))
                throw Reject.Invalid($"handles[{i}]", EventTypePatterns.Rule);
        }
        if (state.Personas.TryGetValue(command.PersonaId, out var held)
            && (held.ProfileVersion >= command.ProfileVersion || held.Handles.SequenceEqual(command.Handles)))
            return [];
        return [new PersonaRoutingRegistered(command.PersonaId, [.. command.Handles], command.ProfileVersion, now)];
    }

    public static RoutingTableState Evolve(RoutingTableState state, RoutingTableEvent @event) => @event switch
    {
        PersonaRoutingRegistered e => state with { Personas = state.Personas.SetItem(e.PersonaId, new RegisteredPersona(e.Handles, e.ProfileVersion)) },
        _ => throw new InvalidOperationException($"A routing table does not know the event {@event.GetType().Name}."),
    };
}
