using System.Diagnostics;
using System.Text.Json;
using EDRS.Persistence.Journal;
using Npgsql;

namespace EDRS.Persistence.Tests;

/// <summary>
/// One append the database refuses must not fail the others of its group commit: the writer isolates it, every
/// other append commits once with its own version, and the refused one gets a definite outcome. The poisoned appends
/// here reach the writer the way they would from a codec with a gap in its checks (their stored JSON is set directly);
/// a gate makes "in the same batch" a fact, and the commit spans prove it.
/// </summary>
public sealed class RefusedAppendIsolationTests(JournalDatabase db) : IClassFixture<JournalDatabase>
{
    /// <summary>What the codec stores for a text with NUL, once <c>"a\u0000b"</c> got past the checks.</summary>
    private const string NulJson = """{"by":1,"note":"secret-fact a\u0000b"}""";

    /// <summary>An unpaired high surrogate as a JSON escape.</summary>
    private const string SurrogateJson = """{"by":1,"note":"secret-fact \ud800"}""";

    private const string Rejected = "rejected";

    [Fact]
    public async Task A_poisoned_append_fails_alone_and_the_hundred_appends_of_another_tenant_in_its_batch_commit()
    {
        var log = new RecordingLogger();
        await using var writer = Writer(log);
        using var spans = new CommitSpans();
        using var rejections = new RejectionCounts();
        var trace = CommitSpans.NewTrace();
        var poisonedStream = $"persona/tenant-a/{Guid.NewGuid():N}";
        var clean = Enumerable.Range(0, 100).Select(i => $"persona/tenant-b/{Guid.NewGuid():N}-{i}").ToArray();
        // Half the clean streams exist already (an update of mt_streams), half are new (an insert).
        foreach (var stream in clean.Take(50))
            await writer.EnqueueAsync(Clean(stream, 0, default));

        var queued = await QueueAsOneBatchAsync(writer, () =>
        [
            writer.EnqueueAsync(WithStoredJson(poisonedStream, 0, NulJson, trace)),
            .. clean.Select((stream, i) => writer.EnqueueAsync(Clean(stream, i < 50 ? 1 : 0, trace, $"clean {i}"))),
        ]);

        var refused = await Assert.ThrowsAsync<JournalRejectedException>(() => queued[0]);
        Assert.Equal(poisonedStream, refused.StreamKey);
        Assert.Equal("22P05", refused.SqlState);
        Assert.DoesNotContain("secret-fact", refused.Message, StringComparison.Ordinal);
        var versions = await Task.WhenAll(queued.Skip(1));
        Assert.Equal(clean.Select((_, i) => i < 50 ? 2L : 1L), versions);
        Assert.Equal(101, spans.LargestBatchOf(trace.TraceId));
        Assert.Equal(0L, await db.ScalarAsync<long>("select count(*) from mt_streams where id = $1", poisonedStream));
        Assert.Equal(1, rejections.Of("22P05", "database"));
        var logged = Assert.Single(log.Entries, e => e.Values.TryGetValue("StreamKey", out var key) && Equals(key, poisonedStream));
        Assert.Equal("22P05", logged.Values["SqlState"]);
        Assert.Single(log.Entries, e => e.Message.Contains("splitting it", StringComparison.Ordinal));
        Assert.All(log.Entries, e => Assert.DoesNotContain("secret-fact", e.Message, StringComparison.Ordinal));
        Assert.Equal(150L, await db.ScalarAsync<long>("select count(*) from mt_events where stream_id = any($1)", (object)clean));
        Assert.Equal(100L, await db.ScalarAsync<long>(
            "select count(*) from mt_streams where id = any($1) and version = case when id = any($2) then 2 else 1 end",
            clean, clean.Take(50).ToArray()));

        await using var session = db.Store.QuerySession();
        foreach (var i in new[] { 0, 49, 50, 99 })
        {
            var events = await session.Events.FetchStreamAsync(clean[i]);
            Assert.Equal(new CounterIncremented(1, $"clean {i}"), events[^1].Data);
            Assert.Equal(i < 50 ? [1L, 2L] : [1L], events.Select(e => e.Version));
        }
    }

    [Fact]
    public async Task Bisection_finds_every_poisoned_append_among_clean_ones()
    {
        await using var writer = Writer();
        using var spans = new CommitSpans();
        var trace = CommitSpans.NewTrace();
        // Both ends, two neighbours and a loner: every branch of a split.
        var poisoned = new Dictionary<int, string> { [0] = NulJson, [57] = SurrogateJson, [58] = NulJson, [130] = NulJson, [199] = SurrogateJson };
        var streams = Enumerable.Range(0, 200).Select(i => $"persona/tenant-{i % 7}/{i:D3}-{Guid.NewGuid():N}").ToArray();

        var queued = await QueueAsOneBatchAsync(writer, () => streams
            .Select((stream, i) => writer.EnqueueAsync(poisoned.TryGetValue(i, out var json)
                ? WithStoredJson(stream, 0, json, trace)
                : Clean(stream, 0, trace)))
            .ToArray());

        var outcomes = await OutcomesAsync(queued);
        Assert.Equal(200, spans.LargestBatchOf(trace.TraceId));
        for (var i = 0; i < streams.Length; i++)
        {
            var expected = poisoned.TryGetValue(i, out var json) ? $"{Rejected} {(json == NulJson ? "22P05" : "22P02")}" : "version 1";
            Assert.True(expected == outcomes[i], $"append {i}: expected {expected}, got {outcomes[i]}");
        }
        Assert.Equal(195L, await db.ScalarAsync<long>("select count(*) from mt_events where stream_id = any($1)", (object)streams));
        Assert.Equal(195L, await db.ScalarAsync<long>("select count(*) from mt_streams where id = any($1) and version = 1", (object)streams));
    }

    [Fact]
    public async Task An_unpaired_surrogate_fails_alone_in_the_event_json_in_the_stream_key_and_in_the_request_id()
    {
        await using var writer = Writer();
        var clean = Enumerable.Range(0, 20).Select(i => $"persona/tenant-c/{Guid.NewGuid():N}-{i}").ToArray();
        var inJson = $"persona/tenant-a/{Guid.NewGuid():N}";
        var inKey = $"persona/tenant-a/\ud800{Guid.NewGuid():N}";
        var inRequestId = $"persona/tenant-a/{Guid.NewGuid():N}";

        var queued = await QueueAsOneBatchAsync(writer, () =>
        [
            writer.EnqueueAsync(WithStoredJson(inJson, 0, SurrogateJson, default)),
            writer.EnqueueAsync(PastTheCodec(new AppendRequest(inKey, 0, [new CounterIncremented(1, "key")]))),
            writer.EnqueueAsync(PastTheCodec(new AppendRequest(inRequestId, 0, [new CounterIncremented(1, "request")], "req-\udc00"))),
            .. clean.Select(stream => writer.EnqueueAsync(Clean(stream, 0, default))),
        ]);

        var outcomes = await OutcomesAsync(queued);
        Assert.Equal($"{Rejected} 22P02", outcomes[0]);
        Assert.Equal($"{Rejected} 22021", outcomes[1]);
        Assert.Equal($"{Rejected} 22021", outcomes[2]);
        Assert.All(outcomes.Skip(3), o => Assert.Equal("version 1", o));
        Assert.Equal(20L, await db.ScalarAsync<long>("select count(*) from mt_events where stream_id = any($1)", (object)clean));
        Assert.Equal(0L, await db.ScalarAsync<long>("select count(*) from mt_streams where id = any($1)", (object)new[] { inJson, inRequestId }));
    }

    [Fact]
    public async Task Appends_the_database_refuses_for_other_reasons_fail_alone_through_the_journal()
    {
        await using var journal = db.GroupCommit(writers: 1, maxBatch: 256);
        // A number beyond PostgreSQL's numeric range (valid JSON, so no check before writing can see it), and a
        // stream key too large for the stream index.
        var overflow = $"persona/tenant-a/{Guid.NewGuid():N}";
        var hugeKey = "persona/tenant-a/" + string.Concat(Enumerable.Range(0, 320).Select(_ => Guid.NewGuid().ToString("N")));
        var clean = Enumerable.Range(0, 30).Select(i => $"persona/tenant-d/{Guid.NewGuid():N}-{i}").ToArray();
        using var number = JsonDocument.Parse("1e1000000");

        var queued = await QueueAsOneBatchAsync(r => journal.AppendAsync(r), () =>
        [
            journal.AppendAsync(new AppendRequest(overflow, 0, [new ReadingRecorded(number.RootElement.Clone())])),
            journal.AppendAsync(new AppendRequest(hugeKey, 0, [new CounterIncremented(1, "huge key")])),
            .. clean.Select(stream => journal.AppendAsync(new AppendRequest(stream, 0, [new CounterIncremented(1, "clean")]))),
        ]);

        var outcomes = await OutcomesAsync(queued);
        Assert.Equal($"{Rejected} 22003", outcomes[0]);
        Assert.Equal($"{Rejected} 54000", outcomes[1]);
        Assert.All(outcomes.Skip(2), o => Assert.Equal("version 1", o));
        Assert.Equal(30L, await db.ScalarAsync<long>("select count(*) from mt_events where stream_id = any($1)", (object)clean));
    }

    [Fact]
    public async Task A_version_conflict_in_a_batch_with_a_poisoned_append_stays_a_conflict()
    {
        await using var writer = Writer();
        var streams = Enumerable.Range(0, 40).Select(i => $"persona/tenant-e/{Guid.NewGuid():N}-{i}").ToArray();
        foreach (var stream in streams)
            await writer.EnqueueAsync(Clean(stream, 0, default));
        const int conflicting = 11;
        const int poisoned = 12;

        var queued = await QueueAsOneBatchAsync(writer, () => streams
            .Select((stream, i) => writer.EnqueueAsync(i switch
            {
                conflicting => Clean(stream, 7, default),
                poisoned => WithStoredJson(stream, 1, NulJson, default),
                _ => Clean(stream, 1, default),
            }))
            .ToArray());

        var outcomes = await OutcomesAsync(queued);
        Assert.Equal("conflict", outcomes[conflicting]);
        Assert.Equal($"{Rejected} 22P05", outcomes[poisoned]);
        Assert.All(outcomes.Where((_, i) => i is not conflicting and not poisoned), o => Assert.Equal("version 2", o));
        Assert.Equal(1L, await db.ScalarAsync<long>("select version from mt_streams where id = $1", streams[conflicting]));
        Assert.Equal(1L, await db.ScalarAsync<long>("select version from mt_streams where id = $1", streams[poisoned]));
        Assert.Equal(78L, await db.ScalarAsync<long>("select count(*) from mt_events where stream_id = any($1)", (object)streams));
    }

    /// <summary>
    /// Killed: the connection is gone (FATAL 57P01). Cancelled, as a statement timeout does: the connection lives on and the
    /// error is an ordinary one (57014), yet the outcome counts as unknown, so only the refusal classes may split a batch.
    /// </summary>
    [Theory]
    [InlineData("pg_terminate_backend")]
    [InlineData("pg_cancel_backend")]
    public async Task A_batch_whose_statement_is_killed_or_cancelled_is_not_split_and_all_its_appends_stay_unknown(string stop)
    {
        await using var writer = Writer();
        var first = $"gate/{Guid.NewGuid():N}";
        var second = $"gate/{Guid.NewGuid():N}";
        await writer.EnqueueAsync(Clean(first, 0, default));
        await writer.EnqueueAsync(Clean(second, 0, default));
        var clean = Enumerable.Range(0, 30).Select(i => $"persona/tenant-f/{Guid.NewGuid():N}-{i}").ToArray();
        await using var firstGate = await WriterGate.CloseAsync(db, first);
        await using var secondGate = await WriterGate.CloseAsync(db, second);

        var gated = writer.EnqueueAsync(Clean(first, 1, default));
        await firstGate.WaitForBlockedWriterAsync();
        Task<long>[] queued = [writer.EnqueueAsync(Clean(second, 1, default)), .. clean.Select(s => writer.EnqueueAsync(Clean(s, 0, default)))];
        await firstGate.OpenAsync();
        Assert.Equal(2L, await gated);
        // The next batch (the second gate and the clean appends) now waits on the second gate: its connection dies.
        var pid = await secondGate.WaitForBlockedWriterAsync();
        Assert.True(await db.ScalarAsync<bool>($"select {stop}($1)", pid));
        await secondGate.OpenAsync();

        var outcomes = await OutcomesAsync(queued);
        Assert.All(outcomes, o => Assert.Equal("unavailable", o));
        // Had the writer split the batch, the halves would have committed once the gate opened.
        Assert.Equal(0L, await db.ScalarAsync<long>("select count(*) from mt_events where stream_id = any($1)", (object)clean));
        Assert.Equal(1L, await writer.EnqueueAsync(Clean(clean[0], 0, default)));
    }

    private GroupCommitWriter Writer(RecordingLogger? log = null) => new(db.DataSource, db.Options.Schema, maxBatch: 256, logger: log);

    private PendingAppend Clean(string stream, long expected, ActivityContext trace, string note = "clean")
    {
        var request = new AppendRequest(stream, expected, [new CounterIncremented(1, note)], $"r-{Guid.NewGuid():N}");
        return new PendingAppend(request, db.Codec.Encode(request), Stopwatch.GetTimestamp(), trace, CancellationToken.None);
    }

    /// <summary>An append whose stored event JSON is <paramref name="json"/>, as a codec that did not check it would store it.</summary>
    private PendingAppend WithStoredJson(string stream, long expected, string json, ActivityContext trace)
    {
        var request = new AppendRequest(stream, expected, [new CounterIncremented(1, "replaced below")]);
        var events = db.Codec.Encode(request);
        events[0] = events[0] with { Data = json };
        return new PendingAppend(request, events, Stopwatch.GetTimestamp(), trace, CancellationToken.None);
    }

    /// <summary>An append whose stream key and request id reach the writer as they are, unchecked.</summary>
    private PendingAppend PastTheCodec(AppendRequest request)
    {
        var events = db.Codec.Encode(request with { StreamKey = "checked/elsewhere", RequestId = null });
        return new PendingAppend(request, events, Stopwatch.GetTimestamp(), default, CancellationToken.None);
    }

    private Task<Task<long>[]> QueueAsOneBatchAsync(GroupCommitWriter writer, Func<Task<long>[]> queue) =>
        QueueAsOneBatchAsync(r => writer.EnqueueAsync(new PendingAppend(r, db.Codec.Encode(r), Stopwatch.GetTimestamp(), default, CancellationToken.None)), queue);

    /// <summary>
    /// Blocks the writer on a gate stream, runs <paramref name="queue"/> (its appends wait in the writer's queue), then
    /// opens the gate: the writer takes them all as its next batch.
    /// </summary>
    private async Task<Task<long>[]> QueueAsOneBatchAsync(Func<AppendRequest, Task<long>> append, Func<Task<long>[]> queue)
    {
        var gateStream = $"gate/{Guid.NewGuid():N}";
        await append(new AppendRequest(gateStream, 0, [new CounterIncremented(0, "gate")]));
        await using var gate = await WriterGate.CloseAsync(db, gateStream);
        var gated = append(new AppendRequest(gateStream, 1, [new CounterIncremented(0, "through the gate")]));
        await gate.WaitForBlockedWriterAsync();
        var queued = queue();
        await gate.OpenAsync();
        Assert.Equal(2L, await gated);
        return queued;
    }

    private static async Task<string[]> OutcomesAsync(Task<long>[] appends) => await Task.WhenAll(appends.Select(async append =>
    {
        try
        {
            return $"version {await append}";
        }
        catch (JournalRejectedException ex)
        {
            return $"{Rejected} {ex.SqlState}";
        }
        catch (StreamVersionConflictException)
        {
            return "conflict";
        }
        catch (JournalUnavailableException)
        {
            return "unavailable";
        }
    }));
}
