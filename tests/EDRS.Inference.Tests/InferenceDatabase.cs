using EDRS.Testing;

namespace EDRS.Inference.Tests;

/// <summary>A fresh PostgreSQL database per test class, for the core members' journal.</summary>
public sealed class InferenceDatabase : IAsyncLifetime
{
    private TestDatabase? _database;

    public string ConnectionString => _database!.ConnectionString;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync("inference");

    public async Task DisposeAsync()
    {
        if (_database is not null)
            await _database.DisposeAsync();
    }
}
