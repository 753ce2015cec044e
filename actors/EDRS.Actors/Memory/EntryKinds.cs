using EDRS.Actors.Personas;
using EDRS.Grains.Contracts.Memory;

namespace EDRS.Actors.Memory;

/// <summary>A memory's kind as the API writes it (<c>working-style</c>), as the contract carries it, and from a persona's fact kind.</summary>
public static class EntryKinds
{
    public const string Allowed = "preference, like, dislike, working-style, schedule, relationship, project, note";

    /// <summary>The kind an API name denotes (null: none given, the default <c>note</c>), or false for an unknown name.</summary>
    public static bool TryParse(string? name, out EntryKind kind)
    {
        kind = EntryKind.Note;
        switch (name?.Trim().ToLowerInvariant())
        {
            case null or "": return true;
            case "preference": kind = EntryKind.Preference; return true;
            case "like": kind = EntryKind.Like; return true;
            case "dislike": kind = EntryKind.Dislike; return true;
            case "working-style": kind = EntryKind.WorkingStyle; return true;
            case "schedule": kind = EntryKind.Schedule; return true;
            case "relationship": kind = EntryKind.Relationship; return true;
            case "project": kind = EntryKind.Project; return true;
            case "note": kind = EntryKind.Note; return true;
            default: return false;
        }
    }

    public static string Format(EntryKind kind) => kind switch
    {
        EntryKind.Preference => "preference",
        EntryKind.Like => "like",
        EntryKind.Dislike => "dislike",
        EntryKind.WorkingStyle => "working-style",
        EntryKind.Schedule => "schedule",
        EntryKind.Relationship => "relationship",
        EntryKind.Project => "project",
        _ => "note",
    };

    /// <summary>The domain kind (UNSPECIFIED means the default, note); null for a value the domain does not know.</summary>
    public static EntryKind? FromContract(MemoryEntryKind kind) => kind switch
    {
        MemoryEntryKind.Unspecified => EntryKind.Note,
        _ when Enum.IsDefined((EntryKind)(int)kind) => (EntryKind)(int)kind,
        _ => null,
    };

    public static MemoryEntryKind ToContract(EntryKind kind) => (MemoryEntryKind)(int)kind;

    /// <summary>The memory kind of a persona's fact kind (the same names; a persona's notes stay notes).</summary>
    public static EntryKind FromFact(PersonFactKind kind) => kind switch
    {
        PersonFactKind.Preference => EntryKind.Preference,
        PersonFactKind.Like => EntryKind.Like,
        PersonFactKind.Dislike => EntryKind.Dislike,
        PersonFactKind.WorkingStyle => EntryKind.WorkingStyle,
        _ => EntryKind.Note,
    };
}
