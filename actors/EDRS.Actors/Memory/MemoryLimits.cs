namespace EDRS.Actors.Memory;

/// <summary>The bounds of a persona's long-term memory and of its searches.</summary>
public static class MemoryLimits
{
    public const int MaxTextLength = 4_000;

    public const int MaxQueryLength = 2_000;

    public const int MaxOriginLength = 200;

    /// <summary>Memories one persona holds at most; beyond, old episodes expire or memories must be deleted first.</summary>
    public const int MaxMemories = 100_000;

    public const int DefaultImportance = 5;

    public const int DefaultSearchResults = 10;

    public const int MaxSearchResults = 100;

    public const int DefaultPageSize = 50;

    public const int MaxPageSize = 100;

    /// <summary>How far in the future a memory's time may lie (clock skew between caller and member).</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);
}
