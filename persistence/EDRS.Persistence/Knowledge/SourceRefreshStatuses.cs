namespace EDRS.Persistence.Knowledge;

/// <summary>Where a <see cref="SourceRefresh"/> stands.</summary>
public static class SourceRefreshStatuses
{
    /// <summary>Waiting to be fetched (again, after a failed attempt that will be retried).</summary>
    public const string Pending = "pending";

    /// <summary>Fetched and ingested: the outcome says added, updated or unchanged.</summary>
    public const string Done = "done";

    /// <summary>Not fetched: the collection does not exist or does not allow the source.</summary>
    public const string Refused = "refused";

    /// <summary>Every attempt failed, or the source answered in a way retrying cannot change (e.g. 404).</summary>
    public const string Failed = "failed";
}
