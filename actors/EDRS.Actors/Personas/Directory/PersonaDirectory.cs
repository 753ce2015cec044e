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
    public const int MaxPageSize = ReadModelPages.MaxPageSize;

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
    public static Task<(IReadOnlyList<PersonaDirectoryEntry> Entries, bool More)> PageAsync(
        IQuerySession session, string tenant, string? afterPersonaId, int limit, CancellationToken cancellationToken) =>
        ReadModelPages.PageAsync<PersonaDirectoryEntry>(session, PersonaKind.Registration.Kind, tenant, afterPersonaId, limit, cancellationToken);

    /// <summary>The tenant part of a persona stream key <c>persona/{tenant}/{personaId}</c>.</summary>
    public static string TenantOf(string streamKey) => ReadModelPages.TenantOf(streamKey, PersonaKind.Registration.Kind);
}
