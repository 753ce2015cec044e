using System.Text.Json;
using EDRS.Persistence.Journal;

namespace EDRS.Persistence.Tests;

/// <summary>
/// Text PostgreSQL cannot store (NUL, unpaired UTF-16 surrogates) is refused by the codec before the append is queued:
/// a definite rejection, without a round trip, naming the field and never the data.
/// </summary>
public sealed class UnstorableTextTests(JournalDatabase db) : IClassFixture<JournalDatabase>
{
    public static TheoryData<string, string, string> Cases => new()
    {
        // case, SQL state, words the reason must contain
        { "nul in event text", "22P05", "Note" },
        { "unpaired high surrogate in event text", "22P02", "Note" },
        { "unpaired low surrogate in event text", "22P02", "Note" },
        { "nul in the second event", "22P05", "event 2" },
        { "nul escape in raw event json", "22P05", "event 1" },
        { "nul in stream key", "22021", "stream key" },
        { "unpaired surrogate in stream key", "22021", "stream key" },
        { "nul in request id", "22021", "request id" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Unstorable_text_is_rejected_before_the_append_is_queued(string kind, string sqlState, string named)
    {
        await using var journal = db.GroupCommit(writers: 1);
        using var rejections = new RejectionCounts();
        var stream = $"persona/tenant-a/{Guid.NewGuid():N}";
        var request = Request(kind, stream);

        var append = journal.AppendAsync(request);

        // Already decided when AppendAsync returns: nothing was sent to the database.
        Assert.True(append.IsFaulted, $"{kind}: the append was queued");
        var rejected = await Assert.ThrowsAsync<JournalRejectedException>(() => append);
        Assert.Equal(sqlState, rejected.SqlState);
        Assert.Equal(request.StreamKey, rejected.StreamKey);
        Assert.Contains(named, rejected.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", rejected.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await db.ScalarAsync<long>("select count(*) from mt_streams where id = $1", stream));
        // At least: other test classes run alongside and may count the same state.
        Assert.True(rejections.Of(sqlState, "before_write") >= 1);
    }

    [Fact]
    public async Task Text_that_only_looks_unstorable_is_stored_and_read_back_unchanged()
    {
        await using var journal = db.GroupCommit(writers: 1);
        var stream = $"persona/tenant-a/{Guid.NewGuid():N}";
        string[] notes = ["pair 😀", @"a literal \u0000 and \ud800", "replacement \uFFFD", "controls \u0001\t\n", "é ü ß"];

        await journal.AppendAsync(new AppendRequest(stream, 0, notes.Select(n => (object)new CounterIncremented(1, n)).ToList()));

        var read = new List<object>();
        await foreach (var e in journal.ReadAsync(stream, 0))
            read.Add(e.Data);
        Assert.Equal(notes.Select(n => (object)new CounterIncremented(1, n)), read);
        await using var session = db.Store.QuerySession();
        Assert.Equal(notes, (await session.Events.FetchStreamAsync(stream)).Select(e => ((CounterIncremented)e.Data).Note));
    }

    [Fact]
    public async Task A_redaction_with_unstorable_text_is_refused_and_the_event_keeps_its_data()
    {
        await using var journal = db.GroupCommit(writers: 1);
        var stream = $"persona/tenant-a/{Guid.NewGuid():N}";
        await journal.AppendAsync(new AppendRequest(stream, 0, [new CounterIncremented(1, "personal")]));

        var rejected = await Assert.ThrowsAsync<JournalRejectedException>(() =>
            journal.RedactAsync(stream, [new EventRedaction(1, new CounterIncremented(1, "secret \0"))]));

        Assert.Equal("22P05", rejected.SqlState);
        Assert.Contains("redaction of event 1", rejected.Reason, StringComparison.Ordinal);
        await foreach (var e in journal.ReadAsync(stream, 0))
            Assert.Equal(new CounterIncremented(1, "personal"), e.Data);
    }

    private static AppendRequest Request(string kind, string stream) => kind switch
    {
        "nul in event text" => new(stream, 0, [new CounterIncremented(1, "secret a\u0000b")]),
        "unpaired high surrogate in event text" => new(stream, 0, [new CounterIncremented(1, "secret \ud800")]),
        "unpaired low surrogate in event text" => new(stream, 0, [new CounterIncremented(1, "\udc00 secret")]),
        "nul in the second event" => new(stream, 0, [new CounterIncremented(1, "fine"), new CounterReset("secret \0", DateTimeOffset.UnixEpoch)]),
        "nul escape in raw event json" => new(stream, 0, [new ReadingRecorded(Json("""{"secret":"a\u0000"}"""))]),
        "nul in stream key" => new(stream + "\0", 0, [new CounterIncremented(1, "secret")]),
        "unpaired surrogate in stream key" => new(stream + "\ud800", 0, [new CounterIncremented(1, "secret")]),
        "nul in request id" => new(stream, 0, [new CounterIncremented(1, "secret")], "req-\0"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "no such case"),
    };

    private static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
