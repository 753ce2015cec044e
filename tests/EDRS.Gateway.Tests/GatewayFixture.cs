using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using EDRS.Testing;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace EDRS.Gateway.Tests;

/// <summary>
/// A fresh PostgreSQL database and the gateway on it (single-node cluster: every grain kind in-process),
/// one per test class, with the <see cref="TestClients"/> configured. <see cref="Client"/> carries a token of
/// the tenant <c>default</c> (admin and user). <see cref="RestartAsync"/> stops the gateway and starts a new one
/// on the same database.
/// </summary>
public class GatewayFixture : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, string> _tokens = new();
    private TestDatabase? _database;
    private WebApplicationFactory<Program>? _factory;
    private HttpClient? _anonymous;

    /// <summary>Authenticated as the tenant <c>default</c> (roles admin and user, unmetered).</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>No token.</summary>
    public HttpClient Anonymous => _anonymous ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>Events between a grain's snapshots; the default (100) means the tests recover from events alone.</summary>
    protected virtual int SnapshotEvery => 100;

    /// <summary>Serve on real Kestrel (REST on <see cref="HttpPort"/>, h2c gRPC on <see cref="GrpcPort"/>) instead of the in-memory test server.</summary>
    protected virtual bool UseKestrel => false;

    /// <summary>Settings of this fixture on top of the common ones (configuration keys, as an operator sets them).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    public int HttpPort { get; private set; }

    public int GrpcPort { get; private set; }

    public TestDatabase Database => _database ?? throw new InvalidOperationException("The fixture is not initialized.");

    public IServiceProvider Services => _factory?.Services ?? throw new InvalidOperationException("The fixture is not initialized.");

    public virtual async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("gateway");
        await StartAsync();
    }

    /// <summary>Stops the gateway (its actor system and every grain activation) and starts a new one on the same database.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    /// <summary>A token of <paramref name="clientId"/> from <c>POST /api/v1/auth/token</c> (one per client and fixture).</summary>
    public async Task<string> TokenAsync(string clientId)
    {
        if (_tokens.TryGetValue(clientId, out var cached))
            return cached;
        return _tokens[clientId] = await IssueTokenAsync(clientId);
    }

    /// <summary>Gets a new token of <paramref name="clientId"/> from the gateway's token endpoint.</summary>
    protected virtual async Task<string> IssueTokenAsync(string clientId)
    {
        using var response = await Anonymous.PostAsync("/api/v1/auth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = TestClients.Secret,
        }));
        var body = await response.ReadJsonAsync(HttpStatusCode.OK);
        return body.GetProperty("access_token").GetString()!;
    }

    /// <summary>An HTTP client that sends <paramref name="clientId"/>'s token; the caller disposes it.</summary>
    public async Task<HttpClient> ClientForAsync(string clientId) => WithToken(NewHttpClient(), await TokenAsync(clientId));

    /// <summary>An HTTP client that sends <paramref name="token"/> as it is; the caller disposes it.</summary>
    public HttpClient ClientWithToken(string token) => WithToken(NewHttpClient(), token);

    /// <summary>A plain-text HTTP/2 (h2c) gRPC channel to the gateway's gRPC endpoint; the caller disposes it.</summary>
    public GrpcChannel OpenGrpcChannel() =>
        UseKestrel
            ? GrpcChannel.ForAddress($"http://127.0.0.1:{GrpcPort}")
            : throw new InvalidOperationException("gRPC needs the Kestrel fixture.");

    /// <summary>A call invoker on <paramref name="channel"/> that sends <paramref name="clientId"/>'s token with every call.</summary>
    public async Task<CallInvoker> GrpcForAsync(GrpcChannel channel, string clientId)
    {
        var token = await TokenAsync(clientId);
        return channel.Intercept(metadata =>
        {
            metadata.Add("authorization", $"Bearer {token}");
            return metadata;
        });
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

    /// <summary>Every event of every stream under <paramref name="streamPrefix"/>, as text: compare two readings to prove nothing changed.</summary>
    public async Task<string> JournalAsync(string streamPrefix)
    {
        await using var connection = await Database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(
            "select coalesce(string_agg(stream_id || '#' || version || ':' || type || ':' || data::text, E'\\n' order by stream_id, version), '') " +
            "from mt_events where stream_id like $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = streamPrefix + "%" });
        var events = (string)(await command.ExecuteScalarAsync())!;
        await using var streams = new NpgsqlCommand(
            "select coalesce(string_agg(id || '@' || version, ',' order by id), '') from mt_streams where id like $1", connection);
        streams.Parameters.Add(new NpgsqlParameter { Value = streamPrefix + "%" });
        return events + "\n" + (string)(await streams.ExecuteScalarAsync())!;
    }

    public virtual async Task DisposeAsync()
    {
        await StopAsync();
        if (_database is not null)
            await _database.DisposeAsync();
    }

    private async Task StartAsync()
    {
        var connectionString = Database.ConnectionString;
        if (UseKestrel && HttpPort == 0)
            (HttpPort, GrpcPort) = (FreePorts.Next(), FreePorts.Next());
        var settings = new Dictionary<string, string?>
        {
            ["Journal:ConnectionString"] = connectionString,
            ["Journal:ApplySchemaOnStart"] = "true",
            ["Cluster:Provider"] = "SingleNode",
            ["Cluster:Port"] = "0",
            ["Observability:MetricsPort"] = "0",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Journal:SnapshotEvery"] = SnapshotEvery.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Kestrel:Endpoints:Http:Url"] = $"http://127.0.0.1:{HttpPort}",
            ["Kestrel:Endpoints:Grpc:Url"] = $"http://127.0.0.1:{GrpcPort}",
            ["Kestrel:Endpoints:Grpc:Protocols"] = "Http2",
        };
        foreach (var (key, value) in TestClients.Settings().Concat(Settings))
            settings[key] = value;

        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in settings)
                builder.UseSetting(key, value);
        });
        if (UseKestrel)
        {
            _factory.UseKestrel();
            _factory.StartServer();
        }
        _anonymous = NewHttpClient();
        Client = WithToken(NewHttpClient(), await TokenAsync(TestClients.Default));
    }

    private async Task StopAsync()
    {
        Client?.Dispose();
        _anonymous?.Dispose();
        if (_factory is not null)
            await _factory.DisposeAsync();
        _factory = null;
    }

    private HttpClient NewHttpClient() =>
        UseKestrel
            ? new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}") }
            : _factory!.CreateClient();

    private static HttpClient WithToken(HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}

