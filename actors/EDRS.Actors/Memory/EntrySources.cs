using EDRS.Grains.Contracts.Memory;

namespace EDRS.Actors.Memory;

/// <summary>A memory's source as the API writes it (<c>session</c>) and as the contract carries it.</summary>
public static class EntrySources
{
    public const string Allowed = "told, session, fact, event";

    /// <summary>The source an API name denotes (null: none given, the default <c>told</c>), or false for an unknown name.</summary>
    public static bool TryParse(string? name, out EntrySource source)
    {
        source = EntrySource.Told;
        switch (name?.Trim().ToLowerInvariant())
        {
            case null or "": return true;
            case "told": return true;
            case "session": source = EntrySource.Session; return true;
            case "fact": source = EntrySource.Fact; return true;
            case "event": source = EntrySource.Event; return true;
            default: return false;
        }
    }

    public static string Format(EntrySource source) => source switch
    {
        EntrySource.Session => "session",
        EntrySource.Fact => "fact",
        EntrySource.Event => "event",
        _ => "told",
    };

    /// <summary>The domain source (UNSPECIFIED means the default, told); null for a value the domain does not know.</summary>
    public static EntrySource? FromContract(MemoryEntrySource source) => source switch
    {
        MemoryEntrySource.Unspecified => EntrySource.Told,
        _ when Enum.IsDefined((EntrySource)(int)source) => (EntrySource)(int)source,
        _ => null,
    };

    public static MemoryEntrySource ToContract(EntrySource source) => (MemoryEntrySource)(int)source;
}
