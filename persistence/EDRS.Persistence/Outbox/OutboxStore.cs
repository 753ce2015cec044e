using Npgsql;

namespace EDRS.Persistence.Outbox;

/// <summary>
/// The outbox table <c>edrs_outbox</c> (part of the Marten schema): rows are written by the group-commit writer in
/// the same statement as their events, read in sequence order per partition, and deleted once published.
/// </summary>
public sealed class OutboxStore(NpgsqlDataSource dataSource, JournalOptions options)
{
    public const string TableName = "edrs_outbox";
    public const string SequenceName = "edrs_outbox_sequence";

    private readonly string _readSql =
        $"select sequence, topic, message_key, payload::text from {options.Schema}.{TableName} where partition = $1 order by sequence limit $2";

    private readonly string _deleteSql = $"delete from {options.Schema}.{TableName} where partition = $1 and sequence <= $2";

    private readonly string _countSql = $"select count(*) from {options.Schema}.{TableName}";

    // The newest rows (by the global outbox sequence) stay; one process trims at a time (the others skip).
    private readonly string _trimSql = $"""
        with turn as (select pg_try_advisory_xact_lock({TrimLockClass}, 0) as mine),
        doomed as (
            select partition, sequence from {options.Schema}.{TableName}
            where (select mine from turn)
            order by sequence desc offset $1)
        delete from {options.Schema}.{TableName} o using doomed d where o.partition = d.partition and o.sequence = d.sequence
        """;

    /// <summary>First key of the trim lock; distinct from the writers' and drainers' lock classes.</summary>
    public const int TrimLockClass = 0x0EDB0D6;

    /// <summary>The oldest unpublished rows of <paramref name="partition"/>, in sequence order.</summary>
    public async Task<List<OutboxMessage>> ReadAsync(int partition, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(_readSql);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = partition });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        var messages = new List<OutboxMessage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            messages.Add(new OutboxMessage(partition, reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        return messages;
    }

    /// <summary>Forgets every row of <paramref name="partition"/> up to <paramref name="sequence"/> (published).</summary>
    public async Task DeleteThroughAsync(int partition, long sequence, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(_deleteSql);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = partition });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = sequence });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Drops the oldest rows beyond the newest <paramref name="keep"/>; returns how many were dropped.</summary>
    public async Task<int> TrimAsync(int keep, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(_trimSql);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = keep });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Unpublished rows of every partition.</summary>
    public async Task<long> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(_countSql);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }
}
