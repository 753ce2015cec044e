using EDRS.Actors.Personas.Events;
using EDRS.Persistence.EventTypes;

namespace EDRS.Actors.Personas;

/// <summary>The stored names of the persona's events. Never change a name once it has been used.</summary>
public static class PersonaEvents
{
    public static EventTypeMap MapPersonaEvents(this EventTypeMap map) => map
        .Map<PersonaHired>("persona_hired")
        .Map<PersonaProfileUpdated>("persona_profile_updated")
        .Map<PersonFactRemembered>("person_fact_remembered")
        .Map<PersonFactRevised>("person_fact_revised")
        .Map<PersonFactRetracted>("person_fact_retracted")
        .Map<PersonForgotten>("person_forgotten")
        .Map<WorkAssigned>("work_assigned")
        .Map<WorkCompleted>("work_completed")
        .Map<WorkReturned>("work_returned");

    /// <summary>The persona events that leave the cluster (outbox → the tenant's Pulsar topic <c>{tenant}.{domain}.{action}</c>). Names are pinned too.</summary>
    public static EventTypeMap PublishPersonaEvents(this EventTypeMap map) => map
        .Publish<PersonaHired>("persona.hired")
        .Publish<PersonaProfileUpdated>("persona.profile_updated")
        .Publish<WorkAssigned>("persona.work_assigned")
        .Publish<WorkCompleted>("persona.work_completed")
        .Publish<WorkReturned>("persona.work_returned");
}
