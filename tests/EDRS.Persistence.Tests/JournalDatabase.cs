using EDRS.Persistence.Journal;
using EDRS.Persistence.Schema;
using EDRS.Persistence.Snapshots;
using EDRS.Testing;
using Marten;
using Npgsql;

namespace EDRS.Persistence.Tests;

/// <summary>A fresh PostgreSQL database with the EDRS journal schema applied, and both journal implementations on it.</summary>
public sealed class JournalDatabase : IAsyncLifetime
{
    private TestDatabase? _database;

    public DocumentStore Store { get; private set; } = null!;

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public EventCodec Codec { get; } = new(TestEvents.Map());

    public JournalOptions Options { get; private set; } = null!;

    public string ConnectionString => _database!.ConnectionString;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("journal");
        Options = new JournalOptions { ConnectionString = _database.ConnectionString, Writers = 2, MaxBatchSize = 64 };
        Store = DocumentStore.For(o => EdrsStoreConfiguration.Apply(o, Options, Codec.Types));
        await EdrsStoreConfiguration.MigrateAsync(Store);
        DataSource = NpgsqlDataSource.Create(_database.ConnectionString);
    }

    public GroupCommitJournal GroupCommit(int writers = 2, int maxBatch = 64) =>
        new(DataSource, Codec, new JournalOptions { ConnectionString = ConnectionString, Writers = writers, MaxBatchSize = maxBatch });

    public MartenSessionJournal SessionPerAppend() => new(Store, DataSource, Codec, Options);

    public PostgresSnapshotStore Snapshots() => new(DataSource, Options);

    public async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var p in parameters)
            command.Parameters.Add(new NpgsqlParameter { Value = p });
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async Task DisposeAsync()
    {
        await DataSource.DisposeAsync();
        Store.Dispose();
        if (_database is not null)
            await _database.DisposeAsync();
    }
}
