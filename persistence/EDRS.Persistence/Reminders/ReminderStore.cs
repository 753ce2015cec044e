using Npgsql;
using NpgsqlTypes;

namespace EDRS.Persistence.Reminders;

/// <summary>
/// The durable timers of every grain in one table, <c>edrs_reminders</c> (part of the Marten schema): one row per
/// (kind, grain, name) with its due time. Grains register and cancel their reminders; every member claims due rows with
/// <c>FOR UPDATE SKIP LOCKED</c> (so members never claim the same row at once), wakes the grain, and completes the claim.
/// A claim is a lease: a member that dies mid-wake-up leaves the row to be claimed again when the lease runs out, so a
/// reminder is never lost — it is delivered at least once, and grains treat a repeated or early wake-up as harmless.
/// </summary>
public sealed class ReminderStore(NpgsqlDataSource dataSource, JournalOptions options)
{
    public const string TableName = "edrs_reminders";

    /// <summary>The columns a registration inserts (values: key, due time, token, null, 0, now()).</summary>
    internal const string RegisterColumns = "(kind, identity, name, due_at, token, claimed_until, attempts, created_at)";

    /// <summary>
    /// What a registration does to the grain's row already there: moves it to the new due time under the new token,
    /// unclaimed, so a claim taken before completes nothing. The one rule of every writer of the table (this store, the
    /// group-commit writer, the session journal).
    /// </summary>
    internal const string Reregister =
        "on conflict (kind, identity, name) do update set due_at = excluded.due_at, token = excluded.token, claimed_until = null, attempts = 0";

    private readonly string _upsertSql = $"""
        insert into {options.Schema}.{TableName} as r {RegisterColumns}
        values ($1, $2, $3, $4, $5, null, 0, now())
        {Reregister}
        """;

    private readonly string _cancelSql = $"delete from {options.Schema}.{TableName} where kind = $1 and identity = $2 and name = $3";

    // The claimed rows are updated by their ctid (locked by this statement, so it cannot move meanwhile), matched in one
    // pass over the table at worst: with the plan cached while the table was empty, that pass is a sequential scan
    // filtered by the claimed ctids. Joined on the key instead, such a plan scanned the table once per claimed row, dead
    // rows included (the table churns: a row per wake-up).
    private readonly string _claimSql = $"""
        with due as (
            select ctid from {options.Schema}.{TableName}
            where due_at <= now() and (claimed_until is null or claimed_until < now())
            order by due_at
            limit $1
            for update skip locked)
        update {options.Schema}.{TableName} r
            set claimed_until = now() + $2, attempts = r.attempts + 1
        where r.ctid = any(array(select ctid from due))
        returning r.kind, r.identity, r.name, r.due_at, r.token, r.attempts
        """;

    private readonly string _completeSql = $"""
        delete from {options.Schema}.{TableName} r
        using unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::uuid[]) as c(kind, identity, name, token)
        where r.kind = c.kind and r.identity = c.identity and r.name = c.name and r.token = c.token
        """;

    private readonly string _releaseSql = $"""
        update {options.Schema}.{TableName} set claimed_until = now() + $5
        where kind = $1 and identity = $2 and name = $3 and token = $4
        """;

    private readonly string _findSql = $"select due_at from {options.Schema}.{TableName} where kind = $1 and identity = $2 and name = $3";

    /// <summary>Registers (or moves) the reminder <paramref name="name"/> of a grain to <paramref name="dueAt"/>.</summary>
    public async Task ScheduleAsync(string kind, string identity, string name, DateTimeOffset dueAt, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(_upsertSql);
        AddKey(command, kind, identity, name);
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = dueAt.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = Guid.CreateVersion7() });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes the reminder <paramref name="name"/> of a grain (nothing if there is none).</summary>
    public async Task CancelAsync(string kind, string identity, string name, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(_cancelSql);
        AddKey(command, kind, identity, name);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The due time of a grain's reminder, or null when none is registered.</summary>
    public async Task<DateTimeOffset?> FindAsync(string kind, string identity, string name, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(_findSql);
        AddKey(command, kind, identity, name);
        var due = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return due is DateTime at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null;
    }

    /// <summary>
    /// Claims up to <paramref name="limit"/> due reminders that nobody holds, oldest due first, for <paramref name="lease"/>.
    /// Rows another member is claiming at this moment are skipped, not waited for.
    /// </summary>
    public async Task<List<DueReminder>> ClaimDueAsync(int limit, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(_claimSql);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = lease, NpgsqlDbType = NpgsqlDbType.Interval });
        var claimed = new List<DueReminder>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            claimed.Add(new DueReminder(
                reader.GetString(0), reader.GetString(1), reader.GetString(2),
                new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(3), DateTimeKind.Utc)), reader.GetGuid(4), reader.GetInt32(5)));
        }
        claimed.Sort((a, b) => a.DueAt.CompareTo(b.DueAt));
        return claimed;
    }

    /// <summary>The grain was woken: the row goes, unless the grain registered the reminder again meanwhile (new token).</summary>
    public Task CompleteAsync(DueReminder reminder, CancellationToken cancellationToken = default) => CompleteAsync([reminder], cancellationToken);

    /// <summary>Completes the claims of <paramref name="reminders"/> in one statement (see the single-claim overload).</summary>
    public async Task CompleteAsync(IReadOnlyList<DueReminder> reminders, CancellationToken cancellationToken = default)
    {
        if (reminders.Count == 0)
            return;
        await using var command = dataSource.CreateCommand(_completeSql);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. reminders.Select(r => r.Kind)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. reminders.Select(r => r.Identity)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. reminders.Select(r => r.Name)] });
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. reminders.Select(r => r.Token)] });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The wake-up failed: any member may claim the reminder again after <paramref name="retryAfter"/>.</summary>
    public async Task ReleaseAsync(DueReminder reminder, TimeSpan retryAfter, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(_releaseSql);
        AddKey(command, reminder.Kind, reminder.Identity, reminder.Name);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = reminder.Token });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = retryAfter, NpgsqlDbType = NpgsqlDbType.Interval });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void AddKey(NpgsqlCommand command, string kind, string identity, string name)
    {
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = kind });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = identity });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
    }
}
