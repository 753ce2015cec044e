using Marten;

namespace EDRS.Actors;

/// <summary>
/// Paging of the per-tenant directories (read models keyed by stream key <c>{kind}/{tenant}/{id}</c>, with a duplicated
/// <c>tenant</c> column): a page is a range scan of (tenant, id), so it sorts by the entity id.
/// </summary>
public static class ReadModelPages
{
    /// <summary>Most entries one page can hold.</summary>
    public const int MaxPageSize = 200;

    /// <summary>
    /// Up to <paramref name="limit"/> entries of <paramref name="tenant"/> after <paramref name="afterId"/> (null: from the
    /// first), by id, and whether more follow.
    /// </summary>
    public static async Task<(IReadOnlyList<T> Entries, bool More)> PageAsync<T>(
        IQuerySession session, string kind, string tenant, string? afterId, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxPageSize);
        // Stream keys of one tenant share the prefix "{kind}/{tenant}/", so "after this key" is "after this id".
        var after = $"{kind}/{tenant}/{afterId ?? ""}";
        var rows = await session.QueryAsync<T>("where tenant = ? and id > ? order by id limit ?", cancellationToken, tenant, after, limit + 1).ConfigureAwait(false);
        return rows.Count > limit ? ([.. rows.Take(limit)], true) : (rows, false);
    }

    /// <summary>The tenant part of a stream key <c>{kind}/{tenant}/{id}</c>.</summary>
    public static string TenantOf(string streamKey, string kind)
    {
        var parts = streamKey.Split('/', 3);
        return parts.Length == 3 && parts[0] == kind
            ? parts[1]
            : throw new InvalidOperationException($"'{streamKey}' is not a {kind} stream key.");
    }
}
