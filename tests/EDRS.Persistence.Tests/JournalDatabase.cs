using EDRS.Persistence.Journal;
using EDRS.Persistence.Schema;
using EDRS.Persistence.Snapshots;
using EDRS.Testing;
using Marten;
using Npgsql;

namespace EDRS.Persistence.Tests;

/// <summary>A fresh PostgreSQL database with the EDRS journal schema applied, and both journal implementations on it.</summary>
public sealed class JournalDatabase() : TestDatabase("journal")
{
    public DocumentStore Store { get; private set; } = null!;

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public EventCodec Codec { get; } = new(TestEvents.Map());

    public JournalOptions Options { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Options = new JournalOptions { ConnectionString = ConnectionString, Writers = 2, MaxBatchSize = 64 };
        Store = DocumentStore.For(o => EdrsStoreConfiguration.Apply(o, Options, Codec.Types));
        await EdrsStoreConfiguration.MigrateAsync(Store);
        DataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    public GroupCommitJournal GroupCommit(int writers = 2, int maxBatch = 64) =>
        new(DataSource, Codec, new JournalOptions { ConnectionString = ConnectionString, Writers = writers, MaxBatchSize = maxBatch });

    public MartenSessionJournal SessionPerAppend() => new(Store, DataSource, Codec, Options);

    public PostgresSnapshotStore Snapshots() => new(DataSource, Options);

    public override async ValueTask DisposeAsync()
    {
        if (DataSource is not null)
            await DataSource.DisposeAsync();
        Store?.Dispose();
        await base.DisposeAsync();
    }
}
