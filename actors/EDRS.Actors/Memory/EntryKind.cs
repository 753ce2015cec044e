namespace EDRS.Actors.Memory;

/// <summary>What a memory is about. Stored as its number: never renumber.</summary>
public enum EntryKind
{
    Preference = 1,
    Like = 2,
    Dislike = 3,
    WorkingStyle = 4,
    Schedule = 5,
    Relationship = 6,
    Project = 7,
    Note = 8,
}
