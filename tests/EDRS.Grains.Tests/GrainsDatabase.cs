using EDRS.Testing;
using Npgsql;

namespace EDRS.Grains.Tests;

/// <summary>A fresh PostgreSQL database per test class, with plain SQL access to check the journal directly.</summary>
public sealed class GrainsDatabase : IAsyncLifetime
{
    private TestDatabase? _database;

    public string ConnectionString => _database!.ConnectionString;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync("grains");

    /// <summary>The committed versions of a stream, in order.</summary>
    public async Task<List<long>> VersionsAsync(string streamKey)
    {
        await using var connection = await _database!.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("select version from mt_events where stream_id = $1 order by version", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = streamKey });
        var versions = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            versions.Add(reader.GetInt64(0));
        return versions;
    }

    /// <summary>How many committed events carry <paramref name="requestId"/> as their causation id.</summary>
    public async Task<Dictionary<string, long>> RequestCountsAsync(string streamKey)
    {
        await using var connection = await _database!.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(
            "select causation_id, count(*) from mt_events where stream_id = $1 group by causation_id", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = streamKey });
        var counts = new Dictionary<string, long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            counts[reader.IsDBNull(0) ? "" : reader.GetString(0)] = reader.GetInt64(1);
        return counts;
    }

    public async Task ExecuteAsync(string sql, params object[] parameters)
    {
        await using var connection = await _database!.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters)
            command.Parameters.Add(new NpgsqlParameter { Value = p });
        await command.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
            await _database.DisposeAsync();
    }
}
