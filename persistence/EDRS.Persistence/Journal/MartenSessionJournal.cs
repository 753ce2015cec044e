using JasperFx.Events;
using Marten;
using Marten.Exceptions;
using Npgsql;

namespace EDRS.Persistence.Journal;

/// <summary>
/// The plain way to use Marten: one session and one transaction per append. Kept as the baseline the
/// <c>durable-commands</c> benchmark measures group commit against, and held to the same journal contract.
/// </summary>
public sealed class MartenSessionJournal(IDocumentStore store, NpgsqlDataSource dataSource, EventCodec codec, JournalOptions options)
    : IEventJournal
{
    private readonly JournalStreams _streams = new(dataSource, codec, options.Schema);

    // An append's reminder change, in the session's transaction (the group-commit writer does it in its statement).
    private readonly string _scheduleSql = $"""
        insert into {options.Schema}.{Reminders.ReminderStore.TableName} as r {Reminders.ReminderStore.RegisterColumns}
        values (?, ?, ?, ?, ?, null, 0, now())
        {Reminders.ReminderStore.Reregister}
        """;

    private readonly string _cancelSql = $"delete from {options.Schema}.{Reminders.ReminderStore.TableName} where kind = ? and identity = ? and name = ?";

    public async Task<long> AppendAsync(AppendRequest append, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(append);
        if (append.Events.Count == 0)
            throw new ArgumentException("An append carries at least one event.", nameof(append));
        // The same checks as the group-commit journal (the codec writes what Marten writes): unstorable text is refused here.
        codec.Encode(append);
        await using var session = store.LightweightSession();
        session.CausationId = append.RequestId;
        if (append.Reply is { } reply)
            session.SetHeader("reply", Convert.ToBase64String(reply));
        if (append.Reply is not null && append.Fingerprint is { } fingerprint)
            session.SetHeader("fingerprint", fingerprint);
        var newVersion = append.ExpectedVersion + append.Events.Count;
        if (append.ExpectedVersion == 0)
            session.Events.StartStream(append.StreamKey, append.Events.ToArray());
        else
            session.Events.Append(append.StreamKey, newVersion, append.Events.ToArray());
        if (append.Reminder is { DueAt: { } dueAt } schedule)
            session.QueueSqlCommand(_scheduleSql, schedule.Kind, schedule.Identity, schedule.Name, dueAt.ToUniversalTime(), schedule.Token);
        else if (append.Reminder is { } cancel)
            session.QueueSqlCommand(_cancelSql, cancel.Kind, cancel.Identity, cancel.Name);
        try
        {
            await session.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsVersionConflict(ex))
        {
            throw new StreamVersionConflictException(append.StreamKey, append.ExpectedVersion);
        }
        catch (Exception ex) when (DatabaseRefusal.Of(ex) is { } refusal)
        {
            // The transaction was rolled back: nothing was written.
            throw new JournalRejectedException(append.StreamKey, refusal.SqlState, refusal.Reason);
        }
        catch (Exception ex) when (ex is NpgsqlException or MartenCommandException)
        {
            throw new JournalUnavailableException($"The journal could not commit: {ex.Message}", ex);
        }
        return newVersion;
    }

    public IAsyncEnumerable<RecordedEvent> ReadAsync(string streamKey, long afterVersion, CancellationToken cancellationToken = default) =>
        _streams.ReadAsync(streamKey, afterVersion, cancellationToken);

    public Task RedactAsync(string streamKey, IReadOnlyList<EventRedaction> redactions, CancellationToken cancellationToken = default) =>
        _streams.RedactAsync(streamKey, redactions, cancellationToken);

    private static bool IsVersionConflict(Exception ex) => ex switch
    {
        EventStreamUnexpectedMaxEventIdException or JasperFx.Events.ExistingStreamIdCollisionException or Marten.Exceptions.ExistingStreamIdCollisionException => true,
        PostgresException { SqlState: "MT003" or "23505" } => true,
        { InnerException: { } inner } => IsVersionConflict(inner),
        _ => false,
    };
}
