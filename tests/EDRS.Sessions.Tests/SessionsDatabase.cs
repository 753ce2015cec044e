using EDRS.Testing;
using Npgsql;

namespace EDRS.Sessions.Tests;

/// <summary>A fresh PostgreSQL database per test class, with plain SQL access to what the journal holds.</summary>
public sealed class SessionsDatabase : IAsyncLifetime
{
    private TestDatabase? _database;

    public string ConnectionString => _database!.ConnectionString;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync("sessions");

    /// <summary>The stored event type names of a stream, in order.</summary>
    public async Task<List<string>> EventTypesAsync(string streamKey)
    {
        await using var connection = await _database!.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("select type from mt_events where stream_id = $1 order by version", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = streamKey });
        var types = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            types.Add(reader.GetString(0));
        return types;
    }

    /// <summary>The version of the stream's snapshot (0: none).</summary>
    public async Task<long> SnapshotVersionAsync(string streamKey)
    {
        await using var connection = await _database!.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("select coalesce(max(version), 0) from edrs_snapshots where stream_id = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = streamKey });
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
            await _database.DisposeAsync();
    }
}
