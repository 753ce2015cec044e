namespace EDRS.Persistence.Tests;

public sealed class SnapshotStoreTests(JournalDatabase db) : IClassFixture<JournalDatabase>
{
    [Fact]
    public async Task The_latest_snapshot_wins_and_an_older_one_never_replaces_it()
    {
        var store = db.Snapshots();
        var stream = $"counter/snap/{Guid.NewGuid():N}";
        Assert.Equal(new Snapshots.RecoveryStart(null, 0), await store.LoadAsync(stream));

        await store.SaveAsync(new Snapshots.Snapshot(stream, 100, """{"count":100}"""));
        await store.SaveAsync(new Snapshots.Snapshot(stream, 50, """{"count":50}"""));
        var kept = (await store.LoadAsync(stream)).Snapshot;
        await store.SaveAsync(new Snapshots.Snapshot(stream, 200, """{"count":200}"""));
        var newer = (await store.LoadAsync(stream)).Snapshot;

        Assert.Equal(100, kept!.Version);
        Assert.Contains("100", kept.Json, StringComparison.Ordinal);
        Assert.Equal(200, newer!.Version);
        Assert.Contains("200", newer.Json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_load_tells_the_version_the_journal_has_reached_beside_the_snapshot()
    {
        var store = db.Snapshots();
        await using var journal = db.GroupCommit();
        var stream = $"counter/snap/{Guid.NewGuid():N}";
        await journal.AppendAsync(new Journal.AppendRequest(stream, 0, [new CounterIncremented(1, "a"), new CounterIncremented(2, "b")]));
        var eventsOnly = await store.LoadAsync(stream);
        await store.SaveAsync(new Snapshots.Snapshot(stream, 2, """{"count":3}"""));
        await journal.AppendAsync(new Journal.AppendRequest(stream, 2, [new CounterIncremented(3, "c")]));
        var behind = await store.LoadAsync(stream);

        Assert.Equal(new Snapshots.RecoveryStart(null, 2), eventsOnly);
        Assert.Equal(2, behind.Snapshot!.Version);
        Assert.Equal(3, behind.StreamVersion);
    }
}
