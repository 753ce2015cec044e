using Npgsql;
using NpgsqlTypes;

namespace EDRS.Persistence.Webhooks;

/// <summary>
/// Webhook deliveries, table <c>edrs_webhook_deliveries</c> (part of the Marten schema). Rows are written by the journal's
/// group-commit writer in the statement that appends the events (one per event and matching subscription of its tenant),
/// so a committed event always has its deliveries and a refused append has none. Every process that delivers claims due
/// rows with <c>FOR UPDATE SKIP LOCKED</c> for a lease (the attempt is counted when claimed); a process that dies
/// mid-attempt leaves the row to be claimed again when the lease runs out, so a delivery survives any crash and is
/// sent at least once — with the same delivery id, which receivers use to drop repeats.
/// </summary>
public sealed class WebhookDeliveryStore(NpgsqlDataSource dataSource, JournalOptions options)
{
    public const string TableName = "edrs_webhook_deliveries";
    public const string SequenceName = "edrs_webhook_delivery_sequence";

    private readonly string _claimSql = $"""
        with due as (
            select id from {options.Schema}.{TableName}
            where status = '{WebhookDeliveryStatus.Pending}' and next_attempt_at <= now() and (claimed_until is null or claimed_until < now())
            order by next_attempt_at
            limit $1
            for update skip locked)
        update {options.Schema}.{TableName} d
            set claimed_until = now() + $2, attempts = d.attempts + 1, updated_at = now()
        from due, {options.Schema}.{WebhookSubscriptionStore.TableName} s
        where d.id = due.id and s.tenant = d.tenant and s.id = d.subscription_id
        returning d.id, d.tenant, d.subscription_id, d.event_type, d.payload::text, d.attempts, s.url, s.secret
        """;

    private readonly string _deliveredSql = $"""
        update {options.Schema}.{TableName}
        set status = '{WebhookDeliveryStatus.Delivered}', claimed_until = null, delivered_at = now(), updated_at = now()
        where id = $1 and status = '{WebhookDeliveryStatus.Pending}'
        """;

    private readonly string _retrySql = $"""
        update {options.Schema}.{TableName}
        set claimed_until = null, next_attempt_at = now() + $2, last_error_code = $3, updated_at = now()
        where id = $1 and status = '{WebhookDeliveryStatus.Pending}'
        """;

    private readonly string _deadSql = $"""
        update {options.Schema}.{TableName}
        set status = '{WebhookDeliveryStatus.Dead}', claimed_until = null, last_error_code = $2, updated_at = now()
        where id = $1 and status = '{WebhookDeliveryStatus.Pending}'
        """;

    private readonly string _listSql = $"""
        select id, sequence, subscription_id, event_type, status, attempts, last_error_code, created_at, next_attempt_at, delivered_at
        from {options.Schema}.{TableName}
        where tenant = $1 and subscription_id = $2 and ($3::text is null or status = $3) and ($4::bigint is null or sequence < $4)
        order by sequence desc
        limit $5
        """;

    /// <summary>
    /// Claims up to <paramref name="limit"/> due deliveries nobody holds, oldest due first, for <paramref name="lease"/>,
    /// counting their attempt. Rows another process is claiming at this moment are skipped, not waited for.
    /// </summary>
    public async Task<List<ClaimedDelivery>> ClaimDueAsync(int limit, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(_claimSql);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = lease, NpgsqlDbType = NpgsqlDbType.Interval });
        var claimed = new List<ClaimedDelivery>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            claimed.Add(new ClaimedDelivery(
                reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetInt32(5),
                reader.GetString(6), reader.GetString(7)));
        }
        return claimed;
    }

    /// <summary>The receiver accepted the delivery.</summary>
    public Task MarkDeliveredAsync(Guid id, CancellationToken cancellationToken = default) =>
        ExecuteAsync(_deliveredSql, cancellationToken, Id(id));

    /// <summary>The attempt failed with <paramref name="errorCode"/>; the next one is due after <paramref name="retryAfter"/>.</summary>
    public Task RetryLaterAsync(Guid id, TimeSpan retryAfter, string errorCode, CancellationToken cancellationToken = default) =>
        ExecuteAsync(_retrySql, cancellationToken, Id(id),
            new NpgsqlParameter<TimeSpan> { TypedValue = retryAfter, NpgsqlDbType = NpgsqlDbType.Interval }, new NpgsqlParameter<string> { TypedValue = errorCode });

    /// <summary>The retry policy is spent: the delivery is dead-lettered (kept for inspection, never sent again).</summary>
    public Task MarkDeadAsync(Guid id, string errorCode, CancellationToken cancellationToken = default) =>
        ExecuteAsync(_deadSql, cancellationToken, Id(id), new NpgsqlParameter<string> { TypedValue = errorCode });

    /// <summary>
    /// A page of a subscription's deliveries, newest first: those with <paramref name="status"/> (any when null) older than
    /// the <paramref name="before"/> sequence (the previous page's last; null for the first page).
    /// </summary>
    public async Task<List<WebhookDelivery>> ListAsync(string tenant, string subscriptionId, string? status, long? before, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(_listSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenant });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = subscriptionId });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)status ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)before ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        var deliveries = new List<WebhookDelivery>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            deliveries.Add(new WebhookDelivery(
                reader.GetGuid(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetInt32(5),
                reader.IsDBNull(6) ? null : reader.GetString(6), Utc(reader.GetDateTime(7)), Utc(reader.GetDateTime(8)),
                reader.IsDBNull(9) ? null : Utc(reader.GetDateTime(9))));
        }
        return deliveries;
    }

    private static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));

    private static NpgsqlParameter<Guid> Id(Guid id) => new() { TypedValue = id };

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddRange(parameters);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
