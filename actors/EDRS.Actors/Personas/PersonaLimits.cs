namespace EDRS.Actors.Personas;

/// <summary>The bounds a persona's commands are validated against.</summary>
public static class PersonaLimits
{
    public const int MaxNameLength = 100;
    public const int MaxRoleLength = 100;
    public const int MaxSkills = 50;
    public const int MaxSkillLength = 100;
    public const int MaxResponsibilities = 50;
    public const int MaxResponsibilityLength = 500;
    public const int MaxPersonalityLength = 2_000;
    public const int MaxFactTextLength = 2_000;
    public const int MaxSubjectLength = 100;
    public const int MaxSourceLength = 200;
    public const int MaxReasonLength = 500;
    public const int MaxHandles = 50;
    public const int MaxKnowledgeCollections = 20;

    /// <summary>Most tools a persona's profile may name.</summary>
    public const int MaxTools = 20;
    public const int MaxOutcomeLength = 2_000;

    /// <summary>
    /// Closed work ids (with their routing decision) a persona remembers, so a late re-delivery of work it already
    /// finished is not taken again. Re-deliveries only follow a lost acknowledgement, so they come soon after.
    /// </summary>
    public const int RememberedClosedWork = 1_000;

    /// <summary>Facts held about one person; remembering more needs retracting or superseding first.</summary>
    public const int MaxFactsPerPerson = 500;
}
