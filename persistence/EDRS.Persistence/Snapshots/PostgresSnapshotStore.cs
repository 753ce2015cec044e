using Npgsql;
using NpgsqlTypes;

namespace EDRS.Persistence.Snapshots;

/// <summary>
/// Snapshots in <c>edrs_snapshots</c>, one row per stream (the table is part of the Marten schema). A load reads the
/// stream's version from Marten's <c>mt_streams</c> in the same statement, so a grain whose snapshot is at the head of its
/// stream, or a new grain, recovers in one round trip instead of two.
/// </summary>
public sealed class PostgresSnapshotStore(NpgsqlDataSource dataSource, JournalOptions options) : ISnapshotStore
{
    public const string TableName = "edrs_snapshots";

    private readonly string _loadSql = $"""
        select s.version, s.data, s.attachment, case when m.id is null then 0 else m.version end
        from (select $1::varchar as stream_id) k
        left join {options.Schema}.{TableName} s on s.stream_id = k.stream_id
        left join {options.Schema}.mt_streams m on m.id = k.stream_id
        """;
    private readonly string _saveSql = $"""
        insert into {options.Schema}.{TableName} as s (stream_id, version, data, attachment, taken_at) values ($1, $2, $3, $4, now())
        on conflict (stream_id) do update
            set version = excluded.version, data = excluded.data, attachment = excluded.attachment, taken_at = excluded.taken_at
        where s.version <= excluded.version
        """;

    public async Task<RecoveryStart> LoadAsync(string streamKey, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(_loadSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = streamKey });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            throw new InvalidOperationException($"The snapshot load of {streamKey} returned no row.");
        var snapshot = reader.IsDBNull(0)
            ? null
            : new Snapshot(streamKey, reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetFieldValue<byte[]>(2));
        return new RecoveryStart(snapshot, reader.IsDBNull(3) ? null : reader.GetInt64(3));
    }

    public async Task SaveAsync(Snapshot snapshot, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(_saveSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = snapshot.StreamKey });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = snapshot.Version });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = snapshot.Json, NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)snapshot.Attachment ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bytea });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
