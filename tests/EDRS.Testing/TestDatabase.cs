using System.Security.Cryptography;
using Npgsql;

namespace EDRS.Testing;

/// <summary>
/// A brand-new, uniquely named database on the <see cref="LocalPostgres"/> server, dropped
/// (<c>WITH (FORCE)</c>) on dispose.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private const int MaxIdentifierLength = 63;
    private readonly string _serverConnectionString;
    private int _disposed;

    private TestDatabase(string serverConnectionString, string name, string connectionString)
    {
        _serverConnectionString = serverConnectionString;
        Name = name;
        ConnectionString = connectionString;
    }

    /// <summary>The database name: <c>{prefix}_{yyyyMMddHHmmss}_{8 hex}</c>, lower case.</summary>
    public string Name { get; }

    /// <summary>Same server as <see cref="LocalPostgres"/>, with <c>Database</c> set to <see cref="Name"/>.</summary>
    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync(string prefix = "t")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        var suffix = $"_{DateTime.UtcNow:yyyyMMddHHmmss}_{Convert.ToHexString(RandomNumberGenerator.GetBytes(4))}";
        if (prefix.Length + suffix.Length > MaxIdentifierLength)
        {
            prefix = prefix[..(MaxIdentifierLength - suffix.Length)];
        }

        var name = (prefix + suffix).ToLowerInvariant();
        var server = await LocalPostgres.GetServerConnectionStringAsync().ConfigureAwait(false);
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;

        await ExecuteOnServerAsync(server, $"CREATE DATABASE {QuoteIdentifier(name)}").ConfigureAwait(false);
        return new TestDatabase(server, name, connectionString);
    }

    /// <summary>An open connection to this database; the caller disposes it.</summary>
    public async Task<NpgsqlConnection> OpenConnectionAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        try
        {
            await connection.OpenAsync().ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        using (var pooled = new NpgsqlConnection(ConnectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        await ExecuteOnServerAsync(
            _serverConnectionString,
            $"DROP DATABASE IF EXISTS {QuoteIdentifier(Name)} WITH (FORCE)").ConfigureAwait(false);
    }

    private static async Task ExecuteOnServerAsync(string serverConnectionString, string sql)
    {
        var connection = new NpgsqlConnection(serverConnectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            var command = new NpgsqlCommand(sql, connection);
            await using (command.ConfigureAwait(false))
            {
                await command.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
        }
    }

    private static string QuoteIdentifier(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
