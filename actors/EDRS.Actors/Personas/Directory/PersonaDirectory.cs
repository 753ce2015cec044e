using JasperFx.Events.Projections;
using Marten;

namespace EDRS.Actors.Personas.Directory;

/// <summary>
/// The persona directory: every persona of a tenant, by persona id. Eventually consistent: the async
/// daemon projects it from the journal shortly after each hire or profile change.
/// </summary>
public static class PersonaDirectory
{
    /// <summary>Most entries one page can hold.</summary>
    public const int MaxPageSize = 200;

    /// <summary>Registers the projection (async) and its table, <c>mt_doc_persona_directory</c>, keyed for per-tenant paging.</summary>
    public static void Configure(StoreOptions store)
    {
        store.Projections.Add<PersonaDirectoryProjection>(ProjectionLifecycle.Async);
        // A tenant's page is a range scan of (tenant, id): the id is the stream key, so it sorts by persona id.
        store.Schema.For<PersonaDirectoryEntry>()
            .DocumentAlias("persona_directory")
            .Duplicate(e => e.Tenant, configure: index => index.Columns = ["tenant", "id"]);
    }

    /// <summary>
    /// Up to <paramref name="limit"/> personas of <paramref name="tenant"/> after <paramref name="afterPersonaId"/>
    /// (null: from the first), by persona id, and whether more follow.
    /// </summary>
    public static async Task<(IReadOnlyList<PersonaDirectoryEntry> Entries, bool More)> PageAsync(
        IQuerySession session, string tenant, string? afterPersonaId, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxPageSize);
        // Stream keys of one tenant share the prefix "persona/{tenant}/", so "after this key" is "after this persona id".
        var after = StreamKeyOf(tenant, afterPersonaId ?? "");
        var rows = await session.QueryAsync<PersonaDirectoryEntry>(
            "where tenant = ? and id > ? order by id limit ?", cancellationToken, tenant, after, limit + 1).ConfigureAwait(false);
        return rows.Count > limit ? ([.. rows.Take(limit)], true) : (rows, false);
    }

    /// <summary>The tenant part of a persona stream key <c>persona/{tenant}/{personaId}</c>.</summary>
    public static string TenantOf(string streamKey)
    {
        var parts = streamKey.Split('/', 3);
        return parts.Length == 3 && parts[0] == PersonaKind.Registration.Kind
            ? parts[1]
            : throw new InvalidOperationException($"'{streamKey}' is not a persona stream key.");
    }

    private static string StreamKeyOf(string tenant, string personaId) => $"{PersonaKind.Registration.Kind}/{tenant}/{personaId}";
}
