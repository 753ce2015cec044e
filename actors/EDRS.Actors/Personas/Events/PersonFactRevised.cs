namespace EDRS.Actors.Personas.Events;

/// <summary>The text of a fact the persona holds was corrected. Stored as <c>person_fact_revised</c>.</summary>
public sealed record PersonFactRevised(string PersonId, long FactId, string Text, string Source, DateTimeOffset RevisedAt) : PersonaEvent;
