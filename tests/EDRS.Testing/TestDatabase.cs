using System.Globalization;
using System.Security.Cryptography;
using Npgsql;

namespace EDRS.Testing;

/// <summary>
/// A brand-new, uniquely named database on the <see cref="LocalPostgres"/> server, dropped (<c>WITH (FORCE)</c>) on
/// dispose, with plain SQL reads of what the journal holds — tests check the journal directly, not through the code
/// under test. Use it per test (<see cref="CreateAsync"/>) or per test class (<c>IClassFixture&lt;TestDatabase&gt;</c>);
/// a fixture that needs more on the same database derives from it.
/// </summary>
public class TestDatabase : IAsyncLifetime, IAsyncDisposable
{
    private const int MaxIdentifierLength = 63;
    private readonly string _prefix;
    private string? _serverConnectionString;
    private string? _name;
    private string? _connectionString;
    private int _disposed;

    /// <summary>A database per test class (the name starts with <c>test</c>).</summary>
    public TestDatabase()
        : this("test")
    {
    }

    protected TestDatabase(string prefix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        _prefix = prefix;
    }

    /// <summary>The database name: <c>{prefix}_{yyyyMMddHHmmss}_{8 hex}</c>, lower case.</summary>
    public string Name => _name ?? throw NotCreated();

    /// <summary>Same server as <see cref="LocalPostgres"/>, with <c>Database</c> set to <see cref="Name"/>.</summary>
    public string ConnectionString => _connectionString ?? throw NotCreated();

    /// <summary>Creates a database whose name starts with <paramref name="prefix"/>; the caller disposes it.</summary>
    public static async Task<TestDatabase> CreateAsync(string prefix = "t")
    {
        var database = new TestDatabase(prefix);
        await database.InitializeAsync().ConfigureAwait(false);
        return database;
    }

    /// <summary>Creates the database (xunit calls this for a fixture).</summary>
    public virtual async Task InitializeAsync()
    {
        var suffix = $"_{DateTime.UtcNow:yyyyMMddHHmmss}_{Convert.ToHexString(RandomNumberGenerator.GetBytes(4))}";
        var prefix = _prefix.Length + suffix.Length > MaxIdentifierLength ? _prefix[..(MaxIdentifierLength - suffix.Length)] : _prefix;
        var name = (prefix + suffix).ToLowerInvariant();
        var server = await LocalPostgres.GetServerConnectionStringAsync().ConfigureAwait(false);
        await ExecuteOnServerAsync(server, $"CREATE DATABASE {QuoteIdentifier(name)}").ConfigureAwait(false);
        (_serverConnectionString, _name) = (server, name);
        _connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
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

    /// <summary>Runs <paramref name="sql"/>; <c>$1</c>, <c>$2</c>... are <paramref name="parameters"/>.</summary>
    public async Task ExecuteAsync(string sql, params object[] parameters)
    {
        await using var connection = await OpenConnectionAsync().ConfigureAwait(false);
        await using var command = Command(sql, connection, parameters);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <summary>The single value <paramref name="sql"/> returns, as the <typeparamref name="T"/> PostgreSQL sends.</summary>
    public async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var connection = await OpenConnectionAsync().ConfigureAwait(false);
        await using var command = Command(sql, connection, parameters);
        return (T)(await command.ExecuteScalarAsync().ConfigureAwait(false))!;
    }

    /// <summary>The single number <paramref name="sql"/> returns (a count, a version), whatever its SQL type.</summary>
    public async Task<long> CountAsync(string sql, params object[] parameters) =>
        Convert.ToInt64(await ScalarAsync<object>(sql, parameters).ConfigureAwait(false), CultureInfo.InvariantCulture);

    /// <summary>The committed versions of a stream, in order.</summary>
    public Task<List<long>> VersionsAsync(string streamKey) =>
        ReadAsync("select version from mt_events where stream_id = $1 order by version", r => r.GetInt64(0), streamKey);

    /// <summary>The stored event type names of a stream, in order.</summary>
    public Task<List<string>> EventTypesAsync(string streamKey) =>
        ReadAsync("select type from mt_events where stream_id = $1 order by version", r => r.GetString(0), streamKey);

    /// <summary>How many committed events of a stream carry each request id (their causation id; "" for none).</summary>
    public async Task<Dictionary<string, long>> RequestCountsAsync(string streamKey)
    {
        var rows = await ReadAsync(
            "select causation_id, count(*) from mt_events where stream_id = $1 group by causation_id",
            r => (RequestId: r.IsDBNull(0) ? "" : r.GetString(0), Count: r.GetInt64(1)),
            streamKey).ConfigureAwait(false);
        return rows.ToDictionary(r => r.RequestId, r => r.Count);
    }

    /// <summary>The version of the stream's snapshot (0: none).</summary>
    public Task<long> SnapshotVersionAsync(string streamKey) =>
        CountAsync("select coalesce(max(version), 0) from edrs_snapshots where stream_id = $1", streamKey);

    /// <summary>
    /// Every event of every stream under <paramref name="streamPrefix"/> and every such stream's version, as text:
    /// compare two readings to prove nothing changed.
    /// </summary>
    public async Task<string> JournalAsync(string streamPrefix)
    {
        var events = await ScalarAsync<string>(
            "select coalesce(string_agg(stream_id || '#' || version || ':' || type || ':' || data::text, E'\\n' order by stream_id, version), '') " +
            "from mt_events where stream_id like $1", streamPrefix + "%").ConfigureAwait(false);
        var streams = await ScalarAsync<string>(
            "select coalesce(string_agg(id || '@' || version, ',' order by id), '') from mt_streams where id like $1", streamPrefix + "%").ConfigureAwait(false);
        return events + "\n" + streams;
    }

    /// <summary>
    /// An outage of this database: the server refuses new connections to it and ends the open ones, as a failed-over or
    /// stopped server does, while the rest of the shared server keeps serving. <see cref="AcceptConnectionsAsync"/> ends it.
    /// The test's own reads fail meanwhile too.
    /// </summary>
    public async Task RefuseConnectionsAsync()
    {
        await ExecuteOnServerAsync(_serverConnectionString ?? throw NotCreated(), $"ALTER DATABASE {QuoteIdentifier(Name)} WITH ALLOW_CONNECTIONS false").ConfigureAwait(false);
        await ExecuteOnServerAsync(_serverConnectionString,
            $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{Name.Replace("'", "''", StringComparison.Ordinal)}' AND pid <> pg_backend_pid()").ConfigureAwait(false);
        using var pooled = new NpgsqlConnection(_connectionString);
        NpgsqlConnection.ClearPool(pooled);
    }

    /// <summary>Ends an outage begun by <see cref="RefuseConnectionsAsync"/>: the database accepts connections again.</summary>
    public Task AcceptConnectionsAsync() =>
        ExecuteOnServerAsync(_serverConnectionString ?? throw NotCreated(), $"ALTER DATABASE {QuoteIdentifier(Name)} WITH ALLOW_CONNECTIONS true");

    /// <summary>Drops the database (every connection to it closed first).</summary>
    public virtual async ValueTask DisposeAsync()
    {
        if (_connectionString is null || Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        using (var pooled = new NpgsqlConnection(_connectionString))
            NpgsqlConnection.ClearPool(pooled);
        await ExecuteOnServerAsync(_serverConnectionString!, $"DROP DATABASE IF EXISTS {QuoteIdentifier(Name)} WITH (FORCE)").ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    private async Task<List<T>> ReadAsync<T>(string sql, Func<NpgsqlDataReader, T> row, params object[] parameters)
    {
        await using var connection = await OpenConnectionAsync().ConfigureAwait(false);
        await using var command = Command(sql, connection, parameters);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync().ConfigureAwait(false))
            rows.Add(row(reader));
        return rows;
    }

    private static NpgsqlCommand Command(string sql, NpgsqlConnection connection, object[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        return command;
    }

    private static async Task ExecuteOnServerAsync(string serverConnectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(serverConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    private static InvalidOperationException NotCreated() => new("The test database has not been created yet (InitializeAsync).");

    private static string QuoteIdentifier(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
