using System.Runtime.CompilerServices;
using Npgsql;

namespace EDRS.Persistence.Journal;

/// <summary>Reads and redacts committed events with plain SQL on Marten's <c>mt_events</c> table.</summary>
internal sealed class JournalStreams(NpgsqlDataSource dataSource, EventCodec codec, string schema)
{
    private readonly NpgsqlDataSource _dataSource = dataSource;
    private readonly EventCodec _codec = codec;
    private readonly string _readSql =
        $"select version, type, data, causation_id, headers from {schema}.mt_events where stream_id = $1 and version > $2 order by version";
    private readonly string _redactSql =
        $"update {schema}.mt_events set data = $3::jsonb where stream_id = $1 and version = $2 and type = $4";

    public async IAsyncEnumerable<RecordedEvent> ReadAsync(
        string streamKey, long afterVersion, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        NpgsqlConnection connection;
        try
        {
            connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException ex)
        {
            throw new JournalUnavailableException($"The journal could not be read: {ex.Message}", ex);
        }

        await using (connection.ConfigureAwait(false))
        {
            await using var command = new NpgsqlCommand(_readSql, connection);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = streamKey });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = afterVersion });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var version = reader.GetInt64(0);
                var data = _codec.DecodeData(reader.GetString(1), reader.GetString(2));
                var requestId = reader.IsDBNull(3) ? null : reader.GetString(3);
                var (reply, fingerprint) = EventCodec.DecodeReplyHeader(reader.IsDBNull(4) ? null : reader.GetString(4));
                yield return new RecordedEvent(streamKey, version, data, requestId, reply, fingerprint);
            }
        }
    }

    public async Task RedactAsync(string streamKey, IReadOnlyList<EventRedaction> redactions, CancellationToken cancellationToken = default)
    {
        if (redactions.Count == 0)
            return;
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var redaction in redactions)
        {
            await using var command = new NpgsqlCommand(_redactSql, connection, transaction);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = streamKey });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = redaction.Version });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _codec.EncodeRedaction(streamKey, redaction) });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _codec.Types.NameOf(redaction.Data.GetType()) });
            if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
                throw new InvalidOperationException(
                    $"Event {redaction.Version} of stream '{streamKey}' does not exist or is not a {redaction.Data.GetType().Name}.");
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
