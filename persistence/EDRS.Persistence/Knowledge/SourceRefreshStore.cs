using Npgsql;
using NpgsqlTypes;

namespace EDRS.Persistence.Knowledge;

/// <summary>
/// The knowledge sources events asked to re-ingest, in one table, <c>edrs_knowledge_refreshes</c> (part of the Marten
/// schema): one row per (tenant, collection, source URI), so a burst of events about one source costs one fetch. A request
/// is recorded before its event is routed, which makes every accepted event's refresh durable; the processes that can
/// ingest documents claim pending rows with <c>FOR UPDATE SKIP LOCKED</c> as leases (a process that dies mid-fetch leaves
/// the row to be claimed again when its lease runs out), and each row keeps its outcome for the collection's owners to read.
/// </summary>
public sealed class SourceRefreshStore(NpgsqlDataSource dataSource, JournalOptions options)
{
    public const string TableName = "edrs_knowledge_refreshes";

    private const string Columns =
        "tenant, collection_id, source_uri, document_id, title, tags, event_id, status, outcome, document_version, attempts, last_error, requested_at, finished_at, token";

    private readonly string _requestSql = $"""
        insert into {options.Schema}.{TableName} as r ({Columns}, due_at, claimed_until)
        values ($1, $2, $3, $4, $5, $6, $7, 'pending', null, null, 0, null, now(), null, $8, now(), null)
        on conflict (tenant, collection_id, source_uri) do update
            set document_id = excluded.document_id, title = excluded.title, tags = excluded.tags, event_id = excluded.event_id,
                status = 'pending', outcome = null, document_version = null, attempts = 0, last_error = null,
                requested_at = now(), finished_at = null, token = excluded.token, due_at = now(), claimed_until = null
        """;

    private readonly string _claimSql = $"""
        with due as (
            select tenant, collection_id, source_uri from {options.Schema}.{TableName}
            where status = 'pending' and due_at <= now() and (claimed_until is null or claimed_until < now())
            order by due_at
            limit $1
            for update skip locked)
        update {options.Schema}.{TableName} r
            set claimed_until = now() + $2, attempts = r.attempts + 1
        from due
        where r.tenant = due.tenant and r.collection_id = due.collection_id and r.source_uri = due.source_uri
        returning {Prefixed("r.")}
        """;

    private readonly string _finishSql = $"""
        update {options.Schema}.{TableName}
            set status = $5, outcome = $6, document_id = coalesce($7, document_id), document_version = $8, last_error = $9,
                finished_at = now(), claimed_until = null
        where tenant = $1 and collection_id = $2 and source_uri = $3 and token = $4
        """;

    private readonly string _retrySql = $"""
        update {options.Schema}.{TableName} set due_at = now() + $5, claimed_until = null, last_error = $6
        where tenant = $1 and collection_id = $2 and source_uri = $3 and token = $4
        """;

    private readonly string _listSql = $"""
        select {Columns} from {options.Schema}.{TableName}
        where tenant = $1 and collection_id = $2 and source_uri > $3
        order by source_uri
        limit $4
        """;

    /// <summary>
    /// Records that an event (<paramref name="eventId"/>) asked to re-ingest <paramref name="sourceUri"/> into a collection:
    /// a new pending request, or the source's earlier one made pending again with these details.
    /// </summary>
    public async Task RequestAsync(
        string tenant, string collectionId, string sourceUri, string? documentId, string? title, IReadOnlyList<string>? tags,
        string eventId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(_requestSql);
        AddKey(command, tenant, collectionId, sourceUri);
        command.Parameters.Add(Text(documentId));
        command.Parameters.Add(Text(title));
        command.Parameters.Add(new NpgsqlParameter { Value = tags is null ? DBNull.Value : tags.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = eventId });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = Guid.CreateVersion7() });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Claims up to <paramref name="limit"/> pending requests that are due and that nobody holds, for <paramref name="lease"/>.</summary>
    public async Task<List<SourceRefresh>> ClaimDueAsync(int limit, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(_claimSql);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = lease, NpgsqlDbType = NpgsqlDbType.Interval });
        return await ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Ends the request <paramref name="refresh"/> with <paramref name="status"/> (done, refused or failed); nothing if a newer
    /// request for the source replaced it meanwhile (that one is still pending and will be fetched).
    /// </summary>
    public async Task FinishAsync(
        SourceRefresh refresh, string status, string? outcome, string? documentId, long? documentVersion, string? error,
        CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(_finishSql);
        AddKey(command, refresh.Tenant, refresh.CollectionId, refresh.SourceUri);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = refresh.Token });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = status });
        command.Parameters.Add(Text(outcome));
        command.Parameters.Add(Text(documentId));
        command.Parameters.Add(new NpgsqlParameter { Value = documentVersion is { } v ? v : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(Text(error));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An attempt failed in a way a later one may not: the request stays pending and is due again after <paramref name="delay"/>.</summary>
    public async Task RetryAsync(SourceRefresh refresh, TimeSpan delay, string error, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(_retrySql);
        AddKey(command, refresh.Tenant, refresh.CollectionId, refresh.SourceUri);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = refresh.Token });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = delay, NpgsqlDbType = NpgsqlDbType.Interval });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = error });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A page of a collection's requests in source URI order, starting after <paramref name="afterSourceUri"/> ("" for the first page).</summary>
    public async Task<List<SourceRefresh>> ListAsync(string tenant, string collectionId, string afterSourceUri, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(_listSql);
        AddKey(command, tenant, collectionId, afterSourceUri);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        return await ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static string Prefixed(string alias) => string.Join(", ", Columns.Split(", ").Select(c => alias + c));

    private static async Task<List<SourceRefresh>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<SourceRefresh>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new SourceRefresh(
                reader.GetString(0), reader.GetString(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<string[]>(5),
                reader.GetString(6), reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.IsDBNull(9) ? null : reader.GetInt64(9),
                reader.GetInt32(10),
                reader.IsDBNull(11) ? null : reader.GetString(11),
                Utc(reader.GetDateTime(12)),
                reader.IsDBNull(13) ? null : Utc(reader.GetDateTime(13)),
                reader.GetGuid(14)));
        }
        return rows;
    }

    private static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));

    private static NpgsqlParameter Text(string? value) => new() { Value = value is null ? DBNull.Value : value, NpgsqlDbType = NpgsqlDbType.Text };

    private static void AddKey(NpgsqlCommand command, string tenant, string collectionId, string sourceUri)
    {
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenant });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = collectionId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = sourceUri });
    }
}
