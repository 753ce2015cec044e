using Npgsql;
using NpgsqlTypes;

namespace EDRS.Persistence.Webhooks;

/// <summary>
/// The tenants' webhook subscriptions, table <c>edrs_webhook_subscriptions</c> (part of the Marten schema). A plain table,
/// not a grain: the journal's group-commit writer joins it in the statement that appends events, so an event's deliveries
/// are recorded in the same transaction as the event (see <see cref="WebhookDeliveryStore"/>). Every read and write is
/// scoped by tenant.
/// </summary>
public sealed class WebhookSubscriptionStore(NpgsqlDataSource dataSource, JournalOptions options)
{
    public const string TableName = "edrs_webhook_subscriptions";

    private const string Columns = "tenant, id, url, event_types, secret, created_at";

    // The count and the insert in one statement; concurrent creations may pass the bound by a few, which is harmless.
    // A subscription of that id already there is a retried create (its id comes from the retry's Idempotency-Key): it is
    // the answer, and nothing is written.
    private readonly string _insertSql = $"""
        with existing as (select {Columns} from {options.Schema}.{TableName} where tenant = $1 and id = $2),
        inserted as (
            insert into {options.Schema}.{TableName} ({Columns})
            select $1, $2, $3, $4, $5, now()
            where not exists (select 1 from existing)
              and (select count(*) from {options.Schema}.{TableName} where tenant = $1) < $6
            on conflict do nothing
            returning {Columns}
        )
        select * from inserted union all select * from existing
        """;

    private readonly string _listSql = $"select {Columns} from {options.Schema}.{TableName} where tenant = $1 order by created_at, id";

    private readonly string _findSql = $"select {Columns} from {options.Schema}.{TableName} where tenant = $1 and id = $2";

    // A subscription's deliveries go with it (they are inspected through it only).
    private readonly string _deleteSql = $"""
        with gone as (delete from {options.Schema}.{TableName} where tenant = $1 and id = $2 returning tenant, id),
        deliveries as (
            delete from {options.Schema}.{WebhookDeliveryStore.TableName} d using gone
            where d.tenant = gone.tenant and d.subscription_id = gone.id)
        select count(*) from gone
        """;

    /// <summary>
    /// Stores a new subscription, or returns the tenant's subscription <paramref name="id"/> as it is if there is one (a
    /// retried create); null when the tenant already has <paramref name="maxPerTenant"/>.
    /// </summary>
    public async Task<WebhookSubscription?> AddAsync(string tenant, string id, string url, IReadOnlyList<string> eventTypes, string secret, int maxPerTenant, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(_insertSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenant });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = url });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. eventTypes], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = secret });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = maxPerTenant });
        return (await ReadAsync(command, cancellationToken).ConfigureAwait(false)).SingleOrDefault();
    }

    /// <summary>The tenant's subscriptions, oldest first.</summary>
    public async Task<List<WebhookSubscription>> ListAsync(string tenant, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(_listSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenant });
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The tenant's subscription <paramref name="id"/>, or null (another tenant's is never found).</summary>
    public async Task<WebhookSubscription?> FindAsync(string tenant, string id, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(_findSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenant });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
        return (await ReadAsync(command, cancellationToken).ConfigureAwait(false)).SingleOrDefault();
    }

    /// <summary>Removes the subscription and its deliveries; false when the tenant has none with that id.</summary>
    public async Task<bool> RemoveAsync(string tenant, string id, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(_deleteSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenant });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! > 0;
    }

    private static async Task<List<WebhookSubscription>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var subscriptions = new List<WebhookSubscription>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            subscriptions.Add(new WebhookSubscription(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<string[]>(3), reader.GetString(4),
                new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(5), DateTimeKind.Utc))));
        }
        return subscriptions;
    }
}
