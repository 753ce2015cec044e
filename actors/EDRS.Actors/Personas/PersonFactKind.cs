namespace EDRS.Actors.Personas;

/// <summary>What kind of thing a persona knows about a person. Stored as its number: never renumber.</summary>
public enum PersonFactKind
{
    Preference = 1,
    Like = 2,
    Dislike = 3,
    WorkingStyle = 4,
    Note = 5,
}
