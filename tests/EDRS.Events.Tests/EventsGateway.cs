using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using EDRS.Hosts.Gateway.Auth;
using EDRS.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace EDRS.Events.Tests;

/// <summary>
/// The real gateway (every grain kind in-process, single-node cluster) on a fresh PostgreSQL database, one per
/// test class. <see cref="Client"/> acts for the tenant <c>acme</c> (admin and user). <see cref="RestartAsync"/>
/// stops the whole process's actor system and starts a new gateway on the same database.
/// </summary>
public class EventsGateway : IAsyncLifetime
{
    public const string Tenant = "acme";

    /// <summary>A second tenant, to show that nothing crosses tenants.</summary>
    public const string OtherTenant = "globex";
    private const string Secret = "a-test-secret-that-is-long-enough";
    private static readonly string SigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly string SecretHash = ClientSecretHash.Create(Secret, iterations: 1_000);
    private TestDatabase? _database;
    private WebApplicationFactory<Program>? _factory;

    public HttpClient Client { get; private set; } = null!;

    /// <summary>Authenticated as <see cref="OtherTenant"/>.</summary>
    public HttpClient OtherClient { get; private set; } = null!;

    public IServiceProvider Services => _factory!.Services;

    /// <summary>Settings of this fixture on top of the common ones (configuration keys, as an operator sets them).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    /// <summary>Serve on real Kestrel (REST on <see cref="HttpPort"/>, h2c gRPC on <see cref="GrpcPort"/>) instead of the in-memory test server.</summary>
    protected virtual bool UseKestrel => false;

    public int HttpPort { get; private set; }

    public int GrpcPort { get; private set; }

    /// <summary>The token of the tenant, as the REST client sends it.</summary>
    public string Token { get; private set; } = "";

    /// <summary>Services of this fixture on top of the gateway's own (test observers).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public virtual async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("events");
        await StartAsync();
    }

    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    /// <summary>The single value <paramref name="sql"/> returns; <c>$1</c>... are <paramref name="parameters"/>.</summary>
    public async Task<long> CountAsync(string sql, params object[] parameters)
    {
        await using var connection = await _database!.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>How many WorkAssigned events for <paramref name="eventId"/> exist in any persona stream of the tenant.</summary>
    public Task<long> AssignmentsAsync(string eventId) =>
        CountAsync("select count(*) from mt_events where type = 'work_assigned' and stream_id like $1 and data->>'eventId' = $2",
            $"persona/{Tenant}/%", eventId);

    public virtual async Task DisposeAsync()
    {
        await StopAsync();
        if (_database is not null)
            await _database.DisposeAsync();
    }

    private async Task StartAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Journal:ConnectionString"] = _database!.ConnectionString,
            ["Journal:ApplySchemaOnStart"] = "true",
            ["Cluster:Provider"] = "SingleNode",
            ["Cluster:Port"] = "0",
            ["Observability:MetricsPort"] = "0",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Auth:SigningKey"] = SigningKey,
            ["Auth:Issuer"] = "edrs",
            ["Auth:Audience"] = "edrs-api",
            ["RateLimits:Tiers:unmetered:RequestsPerMinute"] = "10000000",
            ["RateLimits:Tiers:unmetered:Burst"] = "1000000",
            ["RateLimits:Tiers:unmetered:Concurrency"] = "100000",
            [$"Auth:Clients:{Tenant}:SecretHash"] = SecretHash,
            [$"Auth:Clients:{Tenant}:Tier"] = "unmetered",
            [$"Auth:Clients:{Tenant}:Roles:0"] = "admin",
            [$"Auth:Clients:{Tenant}:Roles:1"] = "user",
            [$"Auth:Clients:{OtherTenant}:SecretHash"] = SecretHash,
            [$"Auth:Clients:{OtherTenant}:Tier"] = "unmetered",
            [$"Auth:Clients:{OtherTenant}:Roles:0"] = "admin",
            [$"Auth:Clients:{OtherTenant}:Roles:1"] = "user",
        };
        if (UseKestrel && HttpPort == 0)
            (HttpPort, GrpcPort) = (FreePorts.Next(), FreePorts.Next());
        if (UseKestrel)
        {
            settings["Kestrel:Endpoints:Http:Url"] = $"http://127.0.0.1:{HttpPort}";
            settings["Kestrel:Endpoints:Grpc:Url"] = $"http://127.0.0.1:{GrpcPort}";
            settings["Kestrel:Endpoints:Grpc:Protocols"] = "Http2";
        }
        foreach (var (key, value) in Settings)
            settings[key] = value;
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in settings)
                builder.UseSetting(key, value);
            builder.ConfigureServices(ConfigureServices);
        });
        if (UseKestrel)
        {
            _factory.UseKestrel();
            _factory.StartServer();
        }
        Token = await TokenAsync(Tenant);
        Client = NewClient();
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        OtherClient = NewClient();
        OtherClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(OtherTenant));
    }

    private async Task<string> TokenAsync(string clientId)
    {
        using var anonymous = NewClient();
        using var response = await anonymous.PostAsync("/api/v1/auth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = Secret,
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var token = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return token.RootElement.GetProperty("access_token").GetString()!;
    }

    private HttpClient NewClient() =>
        UseKestrel ? new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}") } : _factory!.CreateClient();

    private async Task StopAsync()
    {
        Client?.Dispose();
        OtherClient?.Dispose();
        if (_factory is not null)
            await _factory.DisposeAsync();
        _factory = null;
    }
}
