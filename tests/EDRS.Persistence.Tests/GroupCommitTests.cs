using System.Diagnostics.Metrics;
using EDRS.Persistence.Journal;
using Marten;

namespace EDRS.Persistence.Tests;

/// <summary>Group commit: many streams in one statement, each checked against its own expected version.</summary>
public sealed class GroupCommitTests(JournalDatabase db) : IClassFixture<JournalDatabase>
{
    [Fact]
    public async Task In_one_group_commit_a_conflicting_stream_fails_alone_and_the_others_commit()
    {
        await using var journal = db.GroupCommit(writers: 1, maxBatch: 256);
        var streams = Enumerable.Range(0, 100).Select(i => $"counter/gc/{Guid.NewGuid():N}-{i}").ToArray();
        foreach (var stream in streams)
            await journal.AppendAsync(new AppendRequest(stream, 0, [new CounterIncremented(1, "created")]));

        var batchSizes = new List<int>();
        using var listener = ListenToBatchSizes(batchSizes);
        // Fired together, these wait in the writer's queue and go to PostgreSQL as one or a few statements.
        var appends = streams.Select((stream, i) => journal.AppendAsync(
            new AppendRequest(stream, i == 42 ? 7 : 1, [new CounterIncremented(2, $"second {i}")], $"r-{i}"))).ToArray();
        var results = await Task.WhenAll(appends.Select(async t =>
        {
            try
            {
                return await t;
            }
            catch (StreamVersionConflictException)
            {
                return -1L;
            }
        }));

        Assert.Equal(-1L, results[42]);
        Assert.All(results.Where((_, i) => i != 42), v => Assert.Equal(2L, v));
        // The listener hears every journal of the process (other test classes run meanwhile): read it under its lock.
        int[] sizes;
        lock (batchSizes)
            sizes = [.. batchSizes];
        Assert.Contains(sizes, size => size > 1);
        Assert.Equal(1L, await db.ScalarAsync<long>("select version from mt_streams where id = $1", streams[42]));
        Assert.Equal(199L, await db.ScalarAsync<long>("select count(*) from mt_events where stream_id = any($1)", (object)streams));
    }

    [Fact]
    public async Task Two_appends_to_one_stream_in_the_same_burst_are_checked_one_after_the_other()
    {
        await using var journal = db.GroupCommit(writers: 1, maxBatch: 256);
        var stream = $"counter/gc/{Guid.NewGuid():N}";

        var first = journal.AppendAsync(new AppendRequest(stream, 0, [new CounterIncremented(1, "a")]));
        var second = journal.AppendAsync(new AppendRequest(stream, 1, [new CounterIncremented(2, "b")]));
        var third = journal.AppendAsync(new AppendRequest(stream, 1, [new CounterIncremented(3, "c")]));

        Assert.Equal(1L, await first);
        Assert.Equal(2L, await second);
        await Assert.ThrowsAsync<StreamVersionConflictException>(() => third);
        Assert.Equal(2L, await db.ScalarAsync<long>("select count(*) from mt_events where stream_id = $1", stream));
    }

    [Fact]
    public async Task Events_written_by_the_group_writer_are_read_by_Marten_itself()
    {
        await using var journal = db.GroupCommit();
        var stream = $"counter/marten/{Guid.NewGuid():N}";
        await journal.AppendAsync(new AppendRequest(stream, 0, [new CounterIncremented(4, "x"), new CounterReset("r", DateTimeOffset.UnixEpoch)], "req-m"));

        await using var session = db.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(stream);
        var state = await session.Events.FetchStreamStateAsync(stream);

        Assert.Equal([1L, 2L], events.Select(e => e.Version));
        Assert.Equal(new CounterIncremented(4, "x"), events[0].Data);
        Assert.Equal(new CounterReset("r", DateTimeOffset.UnixEpoch), events[1].Data);
        Assert.Equal(["counter_incremented", "counter_reset"], events.Select(e => e.EventTypeName));
        Assert.All(events, e => Assert.Equal("req-m", e.CausationId));
        Assert.True(events[1].Sequence > events[0].Sequence);
        Assert.Equal(2L, state!.Version);
    }

    [Fact]
    public async Task Events_appended_through_a_Marten_session_are_read_by_the_journal()
    {
        await using var journal = db.GroupCommit();
        var stream = $"counter/marten/{Guid.NewGuid():N}";
        await using (var session = db.Store.LightweightSession())
        {
            session.Events.StartStream(stream, new CounterIncremented(7, "via marten"));
            await session.SaveChangesAsync();
        }

        await journal.AppendAsync(new AppendRequest(stream, 1, [new CounterIncremented(8, "via group commit")]));

        var versions = new List<long>();
        await foreach (var e in journal.ReadAsync(stream, 0))
            versions.Add(e.Version);
        Assert.Equal([1L, 2L], versions);
    }

    [Fact]
    public async Task A_journal_whose_database_is_unreachable_fails_appends_as_unavailable()
    {
        var options = new JournalOptions { ConnectionString = "Host=127.0.0.1;Port=1;Username=postgres;Timeout=2", Writers = 1 };
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(options.ConnectionString);
        await using var journal = new GroupCommitJournal(dataSource, db.Codec, options);

        await Assert.ThrowsAsync<JournalUnavailableException>(() =>
            journal.AppendAsync(new AppendRequest("counter/down/1", 0, [new CounterIncremented(1, "lost?")])));
        Assert.True(journal.IsAlive);
    }

    private static MeterListener ListenToBatchSizes(List<int> sizes)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == JournalMetrics.MeterName && instrument.Name == "edrs.journal.batch.size")
                    l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<int>((_, size, _, _) =>
        {
            lock (sizes)
                sizes.Add(size);
        });
        listener.Start();
        return listener;
    }
}
