using Npgsql;
using NpgsqlTypes;

namespace EDRS.Persistence.Snapshots;

/// <summary>Snapshots in <c>edrs_snapshots</c>, one row per stream (the table is part of the Marten schema).</summary>
public sealed class PostgresSnapshotStore(NpgsqlDataSource dataSource, JournalOptions options) : ISnapshotStore
{
    public const string TableName = "edrs_snapshots";

    private readonly string _loadSql = $"select version, data, attachment from {options.Schema}.{TableName} where stream_id = $1";
    private readonly string _saveSql = $"""
        insert into {options.Schema}.{TableName} as s (stream_id, version, data, attachment, taken_at) values ($1, $2, $3, $4, now())
        on conflict (stream_id) do update
            set version = excluded.version, data = excluded.data, attachment = excluded.attachment, taken_at = excluded.taken_at
        where s.version <= excluded.version
        """;

    public async Task<Snapshot?> LoadAsync(string streamKey, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(_loadSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = streamKey });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new Snapshot(streamKey, reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetFieldValue<byte[]>(2))
            : null;
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
