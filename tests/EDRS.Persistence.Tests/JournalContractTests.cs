using EDRS.Persistence.Journal;
using EDRS.Persistence.Reminders;

namespace EDRS.Persistence.Tests;

/// <summary>What every <see cref="IEventJournal"/> promises, held against both implementations on real PostgreSQL.</summary>
public sealed class JournalContractTests(JournalDatabase db) : IClassFixture<JournalDatabase>
{
    public static TheoryData<string> Journals => ["group-commit", "session-per-append"];

    private IEventJournal Journal(string kind) => kind == "group-commit" ? db.GroupCommit() : db.SessionPerAppend();

    private static string NewStream() => $"counter/t/{Guid.NewGuid():N}";

    private static async Task<List<RecordedEvent>> ReadAll(IEventJournal journal, string stream, long after = 0)
    {
        var events = new List<RecordedEvent>();
        await foreach (var e in journal.ReadAsync(stream, after))
            events.Add(e);
        return events;
    }

    [Theory]
    [MemberData(nameof(Journals))]
    public async Task Appended_events_read_back_in_order_with_versions_request_id_and_reply(string kind)
    {
        var journal = Journal(kind);
        var stream = NewStream();

        var v1 = await journal.AppendAsync(new AppendRequest(stream, 0, [new CounterIncremented(1, "a"), new CounterIncremented(2, "b")], "req-1", [1, 2, 3]));
        var v2 = await journal.AppendAsync(new AppendRequest(stream, 2, [new CounterReset("why", DateTimeOffset.UnixEpoch)], "req-2", [9]));

        Assert.Equal(2, v1);
        Assert.Equal(3, v2);
        var events = await ReadAll(journal, stream);
        Assert.Equal([1L, 2L, 3L], events.Select(e => e.Version));
        Assert.Equal(new CounterIncremented(1, "a"), events[0].Data);
        Assert.Equal(new CounterIncremented(2, "b"), events[1].Data);
        Assert.Equal(new CounterReset("why", DateTimeOffset.UnixEpoch), events[2].Data);
        Assert.Equal(["req-1", "req-1", "req-2"], events.Select(e => e.RequestId));
        Assert.Equal([1, 2, 3], events[1].Reply);
        Assert.Equal([9], events[2].Reply);
        Assert.Equal([3L], (await ReadAll(journal, stream, after: 2)).Select(e => e.Version));
        await DisposeIfNeeded(journal);
    }

    [Theory]
    [MemberData(nameof(Journals))]
    public async Task An_append_at_a_stale_version_fails_and_writes_nothing(string kind)
    {
        var journal = Journal(kind);
        var stream = NewStream();
        await journal.AppendAsync(new AppendRequest(stream, 0, [new CounterIncremented(1, "first")]));

        var stale = await Assert.ThrowsAsync<StreamVersionConflictException>(() =>
            journal.AppendAsync(new AppendRequest(stream, 0, [new CounterIncremented(5, "stale")])));
        var ahead = await Assert.ThrowsAsync<StreamVersionConflictException>(() =>
            journal.AppendAsync(new AppendRequest(stream, 3, [new CounterIncremented(5, "ahead")])));

        Assert.Equal(stream, stale.StreamKey);
        Assert.Equal(3, ahead.ExpectedVersion);
        var events = await ReadAll(journal, stream);
        Assert.Equal(new CounterIncremented(1, "first"), Assert.Single(events).Data);
        Assert.Equal(1L, await db.ScalarAsync<long>("select version from mt_streams where id = $1", stream));
        await DisposeIfNeeded(journal);
    }

    [Theory]
    [MemberData(nameof(Journals))]
    public async Task Concurrent_creators_of_one_stream_never_fork_it(string kind)
    {
        var journal = Journal(kind);
        var stream = NewStream();

        var attempts = Enumerable.Range(0, 8)
            .Select(i => journal.AppendAsync(new AppendRequest(stream, 0, [new CounterIncremented(i, $"writer {i}")])))
            .ToArray();
        var outcomes = await Task.WhenAll(attempts.Select(async t =>
        {
            try
            {
                await t;
                return "won";
            }
            catch (StreamVersionConflictException)
            {
                return "lost";
            }
        }));

        Assert.Equal(1, outcomes.Count(o => o == "won"));
        Assert.Equal(7, outcomes.Count(o => o == "lost"));
        Assert.Single(await ReadAll(journal, stream));
        await DisposeIfNeeded(journal);
    }

    [Theory]
    [MemberData(nameof(Journals))]
    public async Task Redaction_replaces_stored_data_and_keeps_versions(string kind)
    {
        var journal = Journal(kind);
        var stream = NewStream();
        await journal.AppendAsync(new AppendRequest(stream, 0, [new CounterIncremented(1, "secret-a"), new CounterIncremented(2, "public")]));

        await journal.RedactAsync(stream, [new EventRedaction(1, new CounterIncremented(1, ""))]);

        var events = await ReadAll(journal, stream);
        Assert.Equal([new CounterIncremented(1, ""), new CounterIncremented(2, "public")], events.Select(e => e.Data));
        Assert.Equal(0L, await db.ScalarAsync<long>("select count(*) from mt_events where data::text like '%secret-a%'"));
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            journal.RedactAsync(stream, [new EventRedaction(2, new CounterReset("wrong type", DateTimeOffset.UnixEpoch))]));
        await DisposeIfNeeded(journal);
    }

    [Theory]
    [MemberData(nameof(Journals))]
    public async Task An_append_whose_text_the_database_cannot_store_is_rejected_and_the_stream_goes_on(string kind)
    {
        var journal = Journal(kind);
        var stream = NewStream();
        await journal.AppendAsync(new AppendRequest(stream, 0, [new CounterIncremented(1, "first")]));

        var rejected = await Assert.ThrowsAsync<JournalRejectedException>(() =>
            journal.AppendAsync(new AppendRequest(stream, 1, [new CounterIncremented(2, "a\u0000b")])));

        Assert.Equal(stream, rejected.StreamKey);
        Assert.Equal("22P05", rejected.SqlState);
        Assert.Equal(2L, await journal.AppendAsync(new AppendRequest(stream, 1, [new CounterIncremented(3, "after")])));
        Assert.Equal([1L, 2L], (await ReadAll(journal, stream)).Select(e => e.Version));
        await DisposeIfNeeded(journal);
    }

    [Theory]
    [MemberData(nameof(Journals))]
    public async Task An_append_the_database_refuses_is_rejected_with_its_sql_state_and_writes_nothing(string kind)
    {
        var journal = Journal(kind);
        var stream = NewStream();
        using var beyondNumeric = System.Text.Json.JsonDocument.Parse("1e1000000");

        var rejected = await Assert.ThrowsAsync<JournalRejectedException>(() =>
            journal.AppendAsync(new AppendRequest(stream, 0, [new ReadingRecorded(beyondNumeric.RootElement.Clone())])));

        Assert.Equal("22003", rejected.SqlState);
        Assert.Empty(await ReadAll(journal, stream));
        Assert.Equal(0L, await db.ScalarAsync<long>("select count(*) from mt_streams where id = $1", stream));
        await DisposeIfNeeded(journal);
    }

    [Theory]
    [MemberData(nameof(Journals))]
    public async Task A_reminder_change_commits_with_its_append_and_only_with_it(string kind)
    {
        var journal = Journal(kind);
        var reminders = new ReminderStore(db.DataSource, db.Options);
        var stream = NewStream();
        var grain = stream["counter/".Length..];
        var due = DateTimeOffset.UtcNow.AddSeconds(-1);
        var later = new DateTimeOffset(DateTimeOffset.UtcNow.AddHours(1).UtcTicks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero);
        ReminderWrite At(DateTimeOffset? at) => new("counter", grain, "wake", at);

        await journal.AppendAsync(new AppendRequest(stream, 0, [new CounterIncremented(1, "first")], Reminder: At(due)));
        var claimed = Assert.Single(await reminders.ClaimDueAsync(1000, TimeSpan.FromMinutes(1)), r => r.Identity == grain);
        await Assert.ThrowsAsync<StreamVersionConflictException>(() =>
            journal.AppendAsync(new AppendRequest(stream, 0, [new CounterIncremented(2, "stale")], Reminder: At(null))));
        await Assert.ThrowsAsync<JournalRejectedException>(() =>
            journal.AppendAsync(new AppendRequest(stream, 1, [new CounterIncremented(2, "a\u0000b")], Reminder: At(null))));
        var afterLosers = await reminders.FindAsync("counter", grain, "wake");
        await journal.AppendAsync(new AppendRequest(stream, 1, [new CounterIncremented(2, "moved")], Reminder: At(later)));
        await reminders.CompleteAsync(claimed);
        var afterOldClaim = await reminders.FindAsync("counter", grain, "wake");
        await journal.AppendAsync(new AppendRequest(stream, 2, [new CounterIncremented(3, "done")], Reminder: At(null)));
        var removed = await reminders.FindAsync("counter", grain, "wake");

        Assert.NotNull(afterLosers); // neither the stale nor the refused append removed it
        Assert.Equal(later, afterOldClaim); // a new registration: the claim taken before it completes nothing
        Assert.Null(removed);
        Assert.Equal([1L, 2L, 3L], (await ReadAll(journal, stream)).Select(e => e.Version));
        await DisposeIfNeeded(journal);
    }

    private static async Task DisposeIfNeeded(IEventJournal journal)
    {
        if (journal is IAsyncDisposable disposable)
            await disposable.DisposeAsync();
    }
}
