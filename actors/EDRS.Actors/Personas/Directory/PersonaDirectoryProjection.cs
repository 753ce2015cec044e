using EDRS.Actors.Personas.Events;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace EDRS.Actors.Personas.Directory;

/// <summary>
/// Keeps <see cref="PersonaDirectoryEntry"/> per persona stream. Async under Marten's daemon: the journal's
/// group-commit writer inserts straight into Marten's tables, so an inline projection would never run.
/// The tenant comes from the stream key, the one place it is recorded for every event.
/// </summary>
public sealed partial class PersonaDirectoryProjection : SingleStreamProjection<PersonaDirectoryEntry, string>
{
    public static PersonaDirectoryEntry Create(IEvent<PersonaHired> hired)
    {
        var key = hired.StreamKey ?? throw new InvalidOperationException($"Event {hired.Id} has no stream key.");
        var e = hired.Data;
        return new PersonaDirectoryEntry
        {
            Id = key,
            Tenant = PersonaDirectory.TenantOf(key),
            PersonaId = e.PersonaId,
            Name = e.Name,
            Role = e.Role,
            Skills = e.Skills,
            HiredAt = e.HiredAt,
            UpdatedAt = e.HiredAt,
        };
    }

    public static PersonaDirectoryEntry Apply(PersonaProfileUpdated updated, PersonaDirectoryEntry entry) => entry with
    {
        Name = updated.Name,
        Role = updated.Role,
        Skills = updated.Skills,
        UpdatedAt = updated.UpdatedAt,
    };
}
