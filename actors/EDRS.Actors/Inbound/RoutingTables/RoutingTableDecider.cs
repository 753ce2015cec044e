using EDRS.Actors.Inbound.Routing;
using EDRS.Actors.Inbound.RoutingTables.Commands;
using EDRS.Actors.Inbound.RoutingTables.Events;
using EDRS.Grains.Runtime;

namespace EDRS.Actors.Inbound.RoutingTables;

/// <summary>The routing table's rules, pure: a registration is kept when it is newer and says something new (patterns or skills).</summary>
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
        var skills = command.Skills ?? [];
        // A registration of the same version is taken once more if the held one predates skills (Skills null).
        if (state.Personas.TryGetValue(command.PersonaId, out var held)
            && (held.ProfileVersion > command.ProfileVersion
                || (held.ProfileVersion == command.ProfileVersion && held.Skills is not null)
                || (held.Handles.SequenceEqual(command.Handles) && held.Skills is not null && held.Skills.SequenceEqual(skills))))
            return [];
        return [new PersonaRoutingRegistered(command.PersonaId, [.. command.Handles], command.ProfileVersion, now, [.. skills])];
    }

    public static RoutingTableState Evolve(RoutingTableState state, RoutingTableEvent @event) => @event switch
    {
        PersonaRoutingRegistered e => state with { Personas = state.Personas.SetItem(e.PersonaId, new RegisteredPersona(e.Handles, e.ProfileVersion, e.Skills)) },
        _ => throw new InvalidOperationException($"A routing table does not know the event {@event.GetType().Name}."),
    };
}
