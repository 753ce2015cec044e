namespace EDRS.Actors.Memory;

/// <summary>
/// Where a memory came from. Stored as its number: never renumber. <see cref="Session"/> and <see cref="Event"/> memories
/// are <b>episodes</b> (what was said, what happened) and expire after the retention; <see cref="Told"/> and
/// <see cref="Fact"/> memories are kept until they are deleted or their person is forgotten.
/// </summary>
public enum EntrySource
{
    /// <summary>Told through the API (or promoted from working memory).</summary>
    Told = 1,

    /// <summary>What a person said in a session with the persona.</summary>
    Session = 2,

    /// <summary>A fact the persona holds about a person (mirrored from the persona, or imported as one).</summary>
    Fact = 3,

    /// <summary>Something an external event reported.</summary>
    Event = 4,
}
