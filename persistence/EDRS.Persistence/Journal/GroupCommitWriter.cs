using System.Data;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace EDRS.Persistence.Journal;

/// <summary>
/// One group-commit writer: it owns a hash range of streams and commits whatever appends are waiting
/// as ONE statement into Marten's own tables (<c>mt_streams</c>, <c>mt_events</c>).
/// </summary>
/// <remarks>
/// Hand-written rather than many <c>IDocumentSession.Events.Append</c> calls plus one
/// <c>SaveChangesAsync</c>: through the session each append is its own <c>mt_quick_append_events</c> call and
/// one conflicting stream fails the whole transaction; here every stream is checked against its expected
/// version by the statement itself, only the winners' events are inserted, and a conflicting stream fails
/// alone (measured on 2 cores: 12–18k vs 28–49k appends/s; benchmarks/README.md). The statement keeps
/// Marten's semantics for what it writes: stream rows with their final version, gap-free versions per stream,
/// sequence numbers from <c>mt_events_sequence</c>, Marten's type names, causation ids and headers, so
/// Marten's reads, projections and tooling see the same events. Trade-offs owned here: it bypasses Marten's
/// inline projections (we use none on the journal), conjoined tenancy (EDRS tenants live in stream keys) and
/// archived-stream errors (an archived stream reports a conflict).
/// <para>
/// Many grains, of many tenants, share a statement, so one append's data must not decide the others' fate. When the
/// database refuses the statement for what it carries, the writer splits the batch to find the appends refused on
/// their own (see <see cref="CommitPartAsync"/>); only a lost connection leaves a whole batch's outcome unknown.
/// </para>
/// </remarks>
internal sealed partial class GroupCommitWriter : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _sql;
    private readonly int _maxBatch;
    private readonly int _partition;
    private readonly ILogger _logger;
    private readonly Channel<PendingAppend> _queue;
    private readonly Task _loop;
    private NpgsqlConnection? _connection;
    private NpgsqlCommand? _command;

    // When the statement was last prepared, and how long until it is prepared again (see CommandAsync).
    private long _preparedAt;
    private TimeSpan _replanAfter = FirstReplan;

    // The batch being committed (the loop commits one at a time): a failure of unknown outcome ends it, and these
    // counts go on its span.
    private Exception? _batchLost;
    private int _statements;
    private int _rejected;

    /// <param name="partition">This writer's outbox partition: its outbox rows carry it, numbered in its commit order.</param>
    public GroupCommitWriter(NpgsqlDataSource dataSource, string schema, int maxBatch, int partition = 0, ILogger? logger = null)
    {
        _dataSource = dataSource;
        _logger = logger ?? NullLogger.Instance;
        _maxBatch = maxBatch;
        _partition = partition;
        _sql = BuildSql(schema);
        _queue = Channel.CreateBounded<PendingAppend>(new BoundedChannelOptions(maxBatch * 64)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        // The loop must not inherit the creator's execution context: the journal is built lazily, often inside
        // the first grain call, whose span (Activity.Current) and log scope would otherwise parent every batch forever.
        using (ExecutionContext.SuppressFlow())
            _loop = Task.Run(RunAsync);
    }

    /// <summary>True while the writer loop runs.</summary>
    public bool IsAlive => !_loop.IsCompleted;

    public async Task<long> EnqueueAsync(PendingAppend append)
    {
        await _queue.Writer.WriteAsync(append, append.CancellationToken).ConfigureAwait(false);
        return await append.Completion.Task.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var batch = new List<PendingAppend>(_maxBatch);
        var streamsInBatch = new HashSet<string>(StringComparer.Ordinal);
        var deferred = new Queue<PendingAppend>();
        var reader = _queue.Reader;
        while (deferred.Count > 0 || await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            streamsInBatch.Clear();
            // A second append to a stream already in this batch waits for the next one: each stream
            // appears at most once per statement, so its expected version is checked exactly once.
            for (var i = deferred.Count; i > 0; i--)
                Take(deferred.Dequeue());
            while (batch.Count < _maxBatch && reader.TryRead(out var next))
                Take(next);
            if (batch.Count > 0)
                await CommitAsync(batch).ConfigureAwait(false);
        }

        void Take(PendingAppend append)
        {
            if (append.CancellationToken.IsCancellationRequested)
                append.Completion.TrySetCanceled(append.CancellationToken);
            else if (streamsInBatch.Add(append.StreamKey) && batch.Count < _maxBatch)
                batch.Add(append);
            else
                deferred.Enqueue(append);
        }
    }

    private async Task CommitAsync(List<PendingAppend> batch)
    {
        // One lock order for every writer (split brain puts two writers on one stream): no deadlocks. Parts of a
        // split batch keep it.
        batch.Sort(static (a, b) => string.CompareOrdinal(a.StreamKey, b.StreamKey));
        var eventCount = 0;
        foreach (var append in batch)
            eventCount += append.Events.Length;

        using var commit = JournalTracing.StartCommit(batch, eventCount);
        _batchLost = null;
        _statements = 0;
        _rejected = 0;
        await CommitPartAsync(batch, batch.Count, commit).ConfigureAwait(false);
        if (_statements > 1)
            commit?.SetTag("edrs.journal.batch.statements", _statements);
        if (_rejected > 0)
            commit?.SetTag("edrs.journal.batch.rejected", _rejected);
    }

    /// <summary>
    /// Commits <paramref name="part"/> of a batch as one statement. When the database refuses the statement for its
    /// data (<see cref="DatabaseRefusal"/>: data exception, integrity violation, size limit), the statement was rolled
    /// back whole, so nothing of the part is written and the halves are committed the same way, one after the other:
    /// an append refused on its own gets <see cref="JournalRejectedException"/>, and every other append commits once,
    /// its version checked by its own statement as before (each stream is in one part only). k refused appends among
    /// n cost at most 2k·log2(n) more statements, paid only when something was refused; a size limit of the whole
    /// batch simply disappears in the halves.
    /// Any other failure (connection lost, timeout, shutdown, deadlock) leaves the outcome unknown: the statement may
    /// have committed. That part, and every part of the batch not sent yet, fails with
    /// <see cref="JournalUnavailableException"/>, and nothing of it is retried here.
    /// </summary>
    private async Task CommitPartAsync(List<PendingAppend> part, int batchSize, Activity? commit)
    {
        if (_batchLost is { } lost)
        {
            FailUnknown(part, lost, batchSize, commit);
            return;
        }

        HashSet<string> winners;
        try
        {
            _statements++;
            winners = await ExecuteAsync(part).ConfigureAwait(false);
        }
        catch (Exception ex) when (_command is not null && _connection is { FullState: ConnectionState.Open } && DatabaseRefusal.Of(ex) is { } refusal)
        {
            // The connection is still in step with the server (an error answer, then ready for the next statement): keep it.
            if (part.Count == 1)
            {
                Reject(part[0], refusal.SqlState, refusal.Reason, batchSize, commit);
                return;
            }
            if (part.Count == batchSize)
            {
                JournalMetrics.Isolations.Add(1);
                LogIsolating(_logger, batchSize, refusal.SqlState);
            }
            var half = part.Count / 2;
            await CommitPartAsync(part.GetRange(0, half), batchSize, commit).ConfigureAwait(false);
            await CommitPartAsync(part.GetRange(half, part.Count - half), batchSize, commit).ConfigureAwait(false);
            return;
        }
        catch (Exception ex)
        {
            await ResetConnectionAsync().ConfigureAwait(false);
            _batchLost = ex;
            JournalMetrics.FailedBatches.Add(1);
            commit?.AddException(ex);
            commit?.SetStatus(ActivityStatusCode.Error, "batch failed");
            FailUnknown(part, ex, batchSize, commit);
            return;
        }

        JournalMetrics.BatchSize.Record(part.Count);
        var now = Stopwatch.GetTimestamp();
        var committedAt = DateTime.UtcNow;
        foreach (var append in part)
        {
            if (winners.Contains(append.StreamKey))
            {
                JournalMetrics.AppendDuration.Record(Stopwatch.GetElapsedTime(append.StartedAt, now).TotalMilliseconds);
                JournalTracing.RecordAppend(append, commit, batchSize, committedAt, now, error: null);
                append.Completion.TrySetResult(append.NewVersion);
            }
            else
            {
                JournalMetrics.Conflicts.Add(1);
                JournalTracing.RecordAppend(append, commit, batchSize, committedAt, now, "version_conflict");
                append.Completion.TrySetException(new StreamVersionConflictException(append.StreamKey, append.ExpectedVersion));
            }
        }
    }

    private void Reject(PendingAppend append, string sqlState, string reason, int batchSize, Activity? commit)
    {
        _rejected++;
        JournalMetrics.CountRejected(sqlState, JournalMetrics.ByDatabase);
        LogRejected(_logger, StorableText.Printable(append.StreamKey), sqlState, batchSize);
        JournalTracing.RecordAppend(append, commit, batchSize, DateTime.UtcNow, Stopwatch.GetTimestamp(), "journal_rejected");
        append.Completion.TrySetException(new JournalRejectedException(append.StreamKey, sqlState, reason));
    }

    private static void FailUnknown(List<PendingAppend> part, Exception cause, int batchSize, Activity? commit)
    {
        var failure = new JournalUnavailableException(
            $"The journal could not commit a batch of {batchSize} appends; their outcome is unknown: {cause.Message}", cause);
        var failedAt = DateTime.UtcNow;
        var failedTimestamp = Stopwatch.GetTimestamp();
        foreach (var append in part)
        {
            JournalTracing.RecordAppend(append, commit, batchSize, failedAt, failedTimestamp, "journal_unavailable");
            append.Completion.TrySetException(failure);
        }
    }

    /// <summary>Runs the statement for <paramref name="part"/>; returns the streams that won (the others lost on version).</summary>
    private async Task<HashSet<string>> ExecuteAsync(List<PendingAppend> part)
    {
        var eventCount = 0;
        foreach (var append in part)
            eventCount += append.Events.Length;
        var streams = new string[part.Count];
        var expected = new long[part.Count];
        var newVersions = new long[part.Count];
        var eventStreams = new string[eventCount];
        var eventVersions = new long[eventCount];
        var eventIds = new Guid[eventCount];
        var eventTypes = new string[eventCount];
        var dotNetTypes = new string[eventCount];
        var data = new string[eventCount];
        var causations = new string?[eventCount];
        var headers = new string?[eventCount];
        var topics = new string?[eventCount];
        var reminderCount = 0;
        foreach (var append in part)
        {
            if (append.Request.Reminder is not null)
                reminderCount++;
        }
        var reminderStreams = new string[reminderCount];
        var reminderKinds = new string[reminderCount];
        var reminderIdentities = new string[reminderCount];
        var reminderNames = new string[reminderCount];
        var reminderDue = new DateTime?[reminderCount];
        var reminderTokens = new Guid[reminderCount];
        var e = 0;
        var r = 0;
        for (var i = 0; i < part.Count; i++)
        {
            var append = part[i];
            streams[i] = append.StreamKey;
            expected[i] = append.ExpectedVersion;
            newVersions[i] = append.NewVersion;
            if (append.Request.Reminder is { } reminder)
            {
                reminderStreams[r] = append.StreamKey;
                reminderKinds[r] = reminder.Kind;
                reminderIdentities[r] = reminder.Identity;
                reminderNames[r] = reminder.Name;
                reminderDue[r] = reminder.DueAt?.UtcDateTime;
                reminderTokens[r] = reminder.Token;
                r++;
            }
            for (var j = 0; j < append.Events.Length; j++, e++)
            {
                var stored = append.Events[j];
                eventStreams[e] = append.StreamKey;
                eventVersions[e] = append.ExpectedVersion + j + 1;
                eventIds[e] = stored.Id;
                eventTypes[e] = stored.TypeName;
                dotNetTypes[e] = stored.DotNetTypeName;
                data[e] = stored.Data;
                causations[e] = append.Request.RequestId;
                headers[e] = stored.Headers;
                topics[e] = stored.Topic;
            }
        }

        var command = await CommandAsync().ConfigureAwait(false);
        var p = command.Parameters;
        p[0].Value = streams;
        p[1].Value = expected;
        p[2].Value = newVersions;
        p[3].Value = eventStreams;
        p[4].Value = eventVersions;
        p[5].Value = eventIds;
        p[6].Value = eventTypes;
        p[7].Value = dotNetTypes;
        p[8].Value = data;
        p[9].Value = causations;
        p[10].Value = headers;
        p[11].Value = topics;
        p[12].Value = _partition;
        p[13].Value = reminderStreams;
        p[14].Value = reminderKinds;
        p[15].Value = reminderIdentities;
        p[16].Value = reminderNames;
        p[17].Value = reminderDue;
        p[18].Value = reminderTokens;
        var winners = new HashSet<string>(part.Count, StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync().ConfigureAwait(false))
        {
            while (await reader.ReadAsync().ConfigureAwait(false))
                winners.Add(reader.GetString(0));
        }
        return winners;
    }

    /// <summary>The statement's parameters, in order (see <see cref="BuildSql"/>).</summary>
    private static readonly NpgsqlDbType[] ParameterTypes =
    [
        NpgsqlDbType.Array | NpgsqlDbType.Text, // $1 streams
        NpgsqlDbType.Array | NpgsqlDbType.Bigint, // $2 expected versions
        NpgsqlDbType.Array | NpgsqlDbType.Bigint, // $3 new versions
        NpgsqlDbType.Array | NpgsqlDbType.Text, // $4 event streams
        NpgsqlDbType.Array | NpgsqlDbType.Bigint, // $5 event versions
        NpgsqlDbType.Array | NpgsqlDbType.Uuid, // $6 event ids
        NpgsqlDbType.Array | NpgsqlDbType.Text, // $7 event types
        NpgsqlDbType.Array | NpgsqlDbType.Text, // $8 .NET types
        NpgsqlDbType.Array | NpgsqlDbType.Jsonb, // $9 data
        NpgsqlDbType.Array | NpgsqlDbType.Text, // $10 causation ids
        NpgsqlDbType.Array | NpgsqlDbType.Jsonb, // $11 headers
        NpgsqlDbType.Array | NpgsqlDbType.Text, // $12 topics
        NpgsqlDbType.Integer, // $13 outbox partition
        NpgsqlDbType.Array | NpgsqlDbType.Text, // $14 reminder streams
        NpgsqlDbType.Array | NpgsqlDbType.Text, // $15 reminder kinds
        NpgsqlDbType.Array | NpgsqlDbType.Text, // $16 reminder identities
        NpgsqlDbType.Array | NpgsqlDbType.Text, // $17 reminder names
        NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, // $18 reminder due times (null: remove)
        NpgsqlDbType.Array | NpgsqlDbType.Uuid, // $19 reminder tokens
    ];

    /// <summary>The first re-preparation of the statement; each next one comes twice as late, up to <see cref="LastReplan"/>.</summary>
    private static readonly TimeSpan FirstReplan = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan LastReplan = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The prepared statement, prepared again now and then. PostgreSQL keeps the generic plan it made after a prepared
    /// statement's first executions until the tables' statistics change (autoanalyze, by default at most once a minute
    /// per database): made while <c>mt_streams</c> held a page, that plan scans the whole table for every batch — a
    /// cost that grows with the table until the next analyze. Prepared again (at 1, 2, 4 … s, then every 5 min), it is
    /// planned against the tables as they are, whose current size the planner always reads.
    /// </summary>
    private async ValueTask<NpgsqlCommand> CommandAsync()
    {
        if (_command is not null)
        {
            if (Stopwatch.GetElapsedTime(_preparedAt) < _replanAfter)
                return _command;
            await _command.UnprepareAsync().ConfigureAwait(false);
            await _command.PrepareAsync().ConfigureAwait(false);
            (_preparedAt, _replanAfter) = (Stopwatch.GetTimestamp(), _replanAfter * 2 < LastReplan ? _replanAfter * 2 : LastReplan);
            return _command;
        }
        _connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
        var command = new NpgsqlCommand(_sql, _connection);
        foreach (var type in ParameterTypes)
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = type });
        await command.PrepareAsync().ConfigureAwait(false);
        (_preparedAt, _replanAfter) = (Stopwatch.GetTimestamp(), FirstReplan);
        return _command = command;
    }

    private async ValueTask ResetConnectionAsync()
    {
        var command = _command;
        var connection = _connection;
        _command = null;
        _connection = null;
        try
        {
            if (command is not null)
                await command.DisposeAsync().ConfigureAwait(false);
            if (connection is not null)
                await connection.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The connection is already broken; a fresh one is opened for the next batch.
        }
    }

    /// <summary>
    /// New streams are inserted (expected version 0, <c>ON CONFLICT DO NOTHING</c>: a concurrent creator
    /// wins); existing streams advance only if still at the expected version. Only the winners' events
    /// are inserted, with sequence numbers drawn for them alone, so losers leave no gap.
    /// Events of a published type (<see cref="StoredEvent.Topic"/>) also get an <c>edrs_outbox</c> row in the same
    /// statement — so in the same transaction as the event — for the winners only. Their outbox sequence is drawn
    /// under a transaction-scoped advisory lock on this writer's partition, so within a partition sequence order is
    /// commit order (a drainer never sees sequence n+1 before n), even when writers of several members share it.
    /// The same events also become webhook deliveries, in the same statement: one per matching subscription of the
    /// event's tenant (the stream key's second part), so a committed event always has its deliveries, whether or not the
    /// outbox is drained to a broker.
    /// An append's reminder change (<see cref="AppendRequest.Reminder"/>) is written by the same statement for the winners
    /// only: registered (upserted with its new token, unclaimed) or removed. Each grain has one stream, so a reminder row is
    /// touched at most once per statement.
    /// </summary>
    /// <summary>First key of the outbox partitions' advisory locks (the second is the partition).</summary>
    internal const int OutboxLockClass = 0x0EDB0C5;

    private static string BuildSql(string schema) => $"""
        with req as (
            select * from unnest($1::varchar[], $2::bigint[], $3::bigint[]) as r(stream_id, expected, new_version)
        ),
        created as (
            insert into {schema}.mt_streams as s (id, type, version, timestamp, created, tenant_id, is_archived)
            select r.stream_id, null, r.new_version, now(), now(), '*DEFAULT*', false from req r where r.expected = 0
            on conflict (id) do nothing
            returning s.id
        ),
        advanced as (
            update {schema}.mt_streams as s set version = r.new_version, timestamp = now()
            from req r
            where r.expected > 0 and s.id = r.stream_id and s.version = r.expected and s.is_archived is not true
            returning s.id
        ),
        won as (
            select id from created union all select id from advanced
        ),
        inserted as (
            insert into {schema}.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, is_archived, causation_id, headers)
            select nextval('{schema}.mt_events_sequence'), e.id, e.stream_id, e.version, e.data, e.type, now(), '*DEFAULT*', e.dotnet_type, false, e.causation_id, e.headers
            from unnest($4::varchar[], $5::bigint[], $6::uuid[], $7::varchar[], $8::varchar[], $9::jsonb[], $10::varchar[], $11::jsonb[])
                 as e(stream_id, version, id, type, dotnet_type, data, causation_id, headers)
            where e.stream_id in (select id from won)
            returning 1
        ),
        outbox_lock as materialized (
            select pg_advisory_xact_lock({OutboxLockClass}, $13) from (select 1) one
            where exists (select 1 from unnest($12::varchar[]) t(topic) where t.topic is not null)
        ),
        outboxed as (
            insert into {schema}.{Outbox.OutboxStore.TableName} (partition, sequence, topic, message_key, payload, created_at)
            select $13, nextval('{schema}.{Outbox.OutboxStore.SequenceName}'), o.topic, o.stream_id, o.payload, now()
            from (
                select e.topic, e.stream_id,
                       jsonb_build_object('eventId', e.id, 'type', e.type, 'stream', e.stream_id, 'version', e.version,
                                          'timestamp', now(), 'data', e.data) as payload
                from unnest($4::varchar[], $5::bigint[], $6::uuid[], $7::varchar[], $9::jsonb[], $12::varchar[])
                     as e(stream_id, version, id, type, data, topic)
                cross join (select count(*) from outbox_lock) locked
                where e.topic is not null and e.stream_id in (select id from won)
                order by e.stream_id, e.version
            ) o
            returning 1
        ),
        hooked as (
            insert into {schema}.{Webhooks.WebhookDeliveryStore.TableName}
                (id, sequence, tenant, subscription_id, event_type, payload, status, attempts, next_attempt_at, created_at, updated_at)
            select gen_random_uuid(), nextval('{schema}.{Webhooks.WebhookDeliveryStore.SequenceName}'), s.tenant, s.id, e.topic,
                   jsonb_build_object('eventId', e.id, 'eventType', e.topic, 'tenant', s.tenant, 'stream', e.stream_id,
                                      'version', e.version, 'timestamp', now(), 'data', e.data),
                   '{Webhooks.WebhookDeliveryStatus.Pending}', 0, now(), now(), now()
            from unnest($4::varchar[], $5::bigint[], $6::uuid[], $9::jsonb[], $12::varchar[]) as e(stream_id, version, id, data, topic)
            join {schema}.{Webhooks.WebhookSubscriptionStore.TableName} s
              on s.tenant = split_part(e.stream_id, '/', 2)
             and s.event_types && array[e.topic, split_part(e.topic, '.', 1) || '.*', '*']::text[]
            where e.topic is not null and e.stream_id in (select id from won)
            returning 1
        ),
        reminder_changes as materialized (
            select m.kind, m.identity, m.name, m.due_at, m.token
            from unnest($14::varchar[], $15::varchar[], $16::varchar[], $17::varchar[], $18::timestamptz[], $19::uuid[])
                 as m(stream_id, kind, identity, name, due_at, token)
            where m.stream_id in (select id from won)
        ),
        reminded as (
            insert into {schema}.{Reminders.ReminderStore.TableName} as r {Reminders.ReminderStore.RegisterColumns}
            select m.kind, m.identity, m.name, m.due_at, m.token, null, 0, now() from reminder_changes m where m.due_at is not null
            {Reminders.ReminderStore.Reregister}
            returning 1
        ),
        unreminded as (
            delete from {schema}.{Reminders.ReminderStore.TableName} r
            using reminder_changes m
            where m.due_at is null and r.kind = m.kind and r.identity = m.identity and r.name = m.name
            returning 1
        )
        select id from won
        """;

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        await ResetConnectionAsync().ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "The database refused a group commit of {BatchSize} appends with SQL state {SqlState}; splitting it to isolate the refused appends")]
    private static partial void LogIsolating(ILogger logger, int batchSize, string sqlState);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "The database refused the append to stream {StreamKey} with SQL state {SqlState}; it was not written, the rest of its batch of {BatchSize} went on without it")]
    private static partial void LogRejected(ILogger logger, string streamKey, string sqlState, int batchSize);
}
