using EDRS.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace EDRS.Gateway.Tests;

/// <summary>
/// A fresh PostgreSQL database and the gateway on it (single-node cluster: every grain kind in-process),
/// one per test class. <see cref="RestartAsync"/> stops the gateway and starts a new one on the same database.
/// </summary>
public class GatewayFixture : IAsyncLifetime
{
    private TestDatabase? _database;
    private WebApplicationFactory<Program>? _factory;

    public HttpClient Client { get; private set; } = null!;

    /// <summary>Events between a grain's snapshots; the default (100) means the tests recover from events alone.</summary>
    protected virtual int SnapshotEvery => 100;

    public TestDatabase Database => _database ?? throw new InvalidOperationException("The fixture is not initialized.");

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("gateway");
        Start();
    }

    /// <summary>Stops the gateway (its actor system and every grain activation) and starts a new one on the same database.</summary>
    public async Task RestartAsync()
    {
        Client.Dispose();
        if (_factory is not null)
            await _factory.DisposeAsync();
        Start();
    }

    /// <summary>The single value <paramref name="sql"/> returns; <c>$1</c>, <c>$2</c>... are <paramref name="parameters"/>.</summary>
    public async Task<long> CountAsync(string sql, params object[] parameters)
    {
        await using var connection = await Database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_factory is not null)
            await _factory.DisposeAsync();
        if (_database is not null)
            await _database.DisposeAsync();
    }

    private void Start()
    {
        var connectionString = Database.ConnectionString;
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder => builder
            .UseSetting("Journal:ConnectionString", connectionString)
            .UseSetting("Journal:ApplySchemaOnStart", "true")
            .UseSetting("Cluster:Provider", "SingleNode")
            .UseSetting("Cluster:Port", "0")
            .UseSetting("Logging:LogLevel:Default", "Warning")
            .UseSetting("Journal:SnapshotEvery", SnapshotEvery.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Client = _factory.CreateClient();
    }
}

/// <summary>The gateway with a snapshot after every event, so grains recover from snapshots.</summary>
public sealed class SnapshottingGatewayFixture : GatewayFixture
{
    protected override int SnapshotEvery => 1;
}
