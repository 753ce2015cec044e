namespace EDRS.Actors.Paging;

/// <summary>
/// Every paged read's page sizes, in one place (README: paged reads). A page crosses the cluster as one message, so its
/// largest size times its items' largest size stays well under the transport's 4 MiB message limit.
/// </summary>
public static class PageSizes
{
    /// <summary>A persona's inbox: items are small (ids, type, source, times).</summary>
    public static readonly PageSize Inbox = new(50, 500);

    /// <summary>What a persona knows about a person: facts carry up to 2,300 characters (200 × 6.9 KB of UTF-8 ≈ 1.4 MB).</summary>
    public static readonly PageSize Facts = new(100, 200);

    /// <summary>A session's turns: a turn carries up to 8,000 characters said and a reply of up to 20,000 (30 × 84 KB ≈ 2.5 MB).</summary>
    public static readonly PageSize Turns = new(20, 30);

    /// <summary>A tenant's unassigned queue (each router partition answers up to a page; the gateway merges them).</summary>
    public static readonly PageSize Unassigned = new(50, 500);
}
