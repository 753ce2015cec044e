namespace EDRS.Persistence.Tests;

public sealed class SnapshotStoreTests(JournalDatabase db) : IClassFixture<JournalDatabase>
{
    [Fact]
    public async Task The_latest_snapshot_wins_and_an_older_one_never_replaces_it()
    {
        var store = db.Snapshots();
        var stream = $"counter/snap/{Guid.NewGuid():N}";
        Assert.Null(await store.LoadAsync(stream));

        await store.SaveAsync(new Snapshots.Snapshot(stream, 100, """{"count":100}"""));
        await store.SaveAsync(new Snapshots.Snapshot(stream, 50, """{"count":50}"""));
        var kept = await store.LoadAsync(stream);
        await store.SaveAsync(new Snapshots.Snapshot(stream, 200, """{"count":200}"""));
        var newer = await store.LoadAsync(stream);

        Assert.Equal(100, kept!.Version);
        Assert.Contains("100", kept.Json, StringComparison.Ordinal);
        Assert.Equal(200, newer!.Version);
        Assert.Contains("200", newer.Json, StringComparison.Ordinal);
    }
}
