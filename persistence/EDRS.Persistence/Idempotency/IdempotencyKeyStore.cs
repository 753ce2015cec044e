using Npgsql;

namespace EDRS.Persistence.Idempotency;

/// <summary>
/// The table <c>edrs_idempotency_keys</c> (part of the Marten schema): per tenant, each Idempotency-Key a client used,
/// with the fingerprint of the request it first named and, where the edge assigned one for it (an event without an
/// id), the id it assigned. A key older than the retention is as good as new.
/// </summary>
public sealed class IdempotencyKeyStore(NpgsqlDataSource dataSource, JournalOptions options)
{
    public const string TableName = "edrs_idempotency_keys";

    // A new key is inserted; an expired one is taken over; a live one is left alone (no row returned).
    private readonly string _claimSql = $"""
        insert into {options.Schema}.{TableName} as k (tenant, idempotency_key, fingerprint, assigned_id, created_at)
        values ($1, $2, $3, $4, now())
        on conflict (tenant, idempotency_key) do update
          set fingerprint = excluded.fingerprint, assigned_id = excluded.assigned_id, created_at = excluded.created_at
          where k.created_at < now() - $5
        returning fingerprint, assigned_id
        """;

    private readonly string _readSql =
        $"select fingerprint, assigned_id from {options.Schema}.{TableName} where tenant = $1 and idempotency_key = $2 and created_at >= now() - $3";

    private readonly string _releaseSql =
        $"delete from {options.Schema}.{TableName} where tenant = $1 and idempotency_key = $2 and fingerprint = $3";

    private readonly string _expireSql = $"delete from {options.Schema}.{TableName} where created_at < now() - $1";

    /// <summary>
    /// Records that <paramref name="key"/> of <paramref name="tenant"/> names the request <paramref name="fingerprint"/>,
    /// unless a live record says otherwise.
    /// </summary>
    /// <param name="tenant">The caller's tenant.</param>
    /// <param name="key">The client's key.</param>
    /// <param name="fingerprint">What the request asks for.</param>
    /// <param name="assignedId">An id the edge assigns for this request (kept and returned for its repeats); null if none.</param>
    /// <param name="retention">How long a key stays bound to its request.</param>
    /// <param name="cancellationToken">The call's cancellation.</param>
    /// <returns>The key's record: this request's (new) or the first request's (<see cref="IdempotencyKeyRecord.IsNew"/> false).</returns>
    public async Task<IdempotencyKeyRecord> ClaimAsync(
        string tenant, string key, string fingerprint, string? assignedId, TimeSpan retention, CancellationToken cancellationToken)
    {
        // A live record can vanish between the two statements only if released (its request was refused): claim again.
        for (var attempt = 0; ; attempt++)
        {
            await using (var claim = dataSource.CreateCommand(_claimSql))
            {
                claim.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenant });
                claim.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
                claim.Parameters.Add(new NpgsqlParameter<string> { TypedValue = fingerprint });
                claim.Parameters.Add(new NpgsqlParameter { Value = (object?)assignedId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
                claim.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = retention });
                await using var reader = await claim.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    return new IdempotencyKeyRecord(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), IsNew: true);
            }
            await using (var read = dataSource.CreateCommand(_readSql))
            {
                read.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenant });
                read.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
                read.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = retention });
                await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    return new IdempotencyKeyRecord(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), IsNew: false);
            }
            if (attempt == 2)
                throw new InvalidOperationException($"The Idempotency-Key record of {tenant} could not be claimed nor read.");
        }
    }

    /// <summary>Forgets the key again: the request it named was refused and had no effect, so the key may name a corrected one.</summary>
    public async Task ReleaseAsync(string tenant, string key, string fingerprint, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(_releaseSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenant });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = fingerprint });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the records older than <paramref name="retention"/>; returns how many.</summary>
    public async Task<int> ExpireAsync(TimeSpan retention, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(_expireSql);
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = retention });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
