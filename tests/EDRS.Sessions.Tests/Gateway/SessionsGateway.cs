using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using EDRS.Hosts.Gateway.Auth;
using EDRS.Testing;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace EDRS.Sessions.Tests.Gateway;

/// <summary>
/// The real gateway (<c>WebApplicationFactory&lt;Program&gt;</c> on Kestrel: REST over HTTP/1.1, gRPC over h2c) in the
/// development topology — every grain kind in-process, inference grains included — on a fresh PostgreSQL database.
/// <see cref="ModelSettings"/> decides the model: the tiny GGUF through the real LLamaSharp backend, or none.
/// <see cref="Client"/> carries a token of the tenant <c>acme</c> (role user).
/// </summary>
public abstract class SessionsGateway : IAsyncLifetime
{
    public const string Tenant = "acme";
    private const string Secret = "a-test-secret-that-is-long-enough";

    private TestDatabase? _database;
    private WebApplicationFactory<Program>? _factory;
    private string _token = "";
    private int _httpPort;
    private int _grpcPort;

    public HttpClient Client { get; private set; } = null!;

    /// <summary>MODEL_PATH and friends, as an operator sets them (none: no model configured).</summary>
    protected abstract IEnumerable<KeyValuePair<string, string?>> ModelSettings { get; }

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("sessions_gw");
        (_httpPort, _grpcPort) = (FreePorts.Next(), FreePorts.Next());
        var hash = ClientSecretHash.Create(Secret, iterations: 1_000);
        var settings = new Dictionary<string, string?>
        {
            ["Journal:ConnectionString"] = _database.ConnectionString,
            ["Journal:ApplySchemaOnStart"] = "true",
            ["Cluster:Provider"] = "SingleNode",
            ["Cluster:Port"] = "0",
            ["Observability:MetricsPort"] = "0",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Kestrel:Endpoints:Http:Url"] = $"http://127.0.0.1:{_httpPort}",
            ["Kestrel:Endpoints:Grpc:Url"] = $"http://127.0.0.1:{_grpcPort}",
            ["Kestrel:Endpoints:Grpc:Protocols"] = "Http2",
            ["Auth:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Auth:Clients:acme:SecretHash"] = hash,
            ["Auth:Clients:acme:Tier"] = "unmetered",
            ["Auth:Clients:acme:Roles:0"] = "admin",
            ["Auth:Clients:acme:Roles:1"] = "user",
            ["RateLimits:Tiers:unmetered:RequestsPerMinute"] = "10000000",
            ["RateLimits:Tiers:unmetered:Burst"] = "1000000",
            ["RateLimits:Tiers:unmetered:Concurrency"] = "100000",
            ["Sessions:MaxReplyTokens"] = "12",
        };
        foreach (var (key, value) in ModelSettings)
            settings[key] = value;
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in settings)
                builder.UseSetting(key, value);
        });
        _factory.UseKestrel();
        _factory.StartServer();

        using var anonymous = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_httpPort}") };
        using var response = await anonymous.PostAsync("/api/v1/auth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = Tenant,
            ["client_secret"] = Secret,
        }));
        response.EnsureSuccessStatusCode();
        _token = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString()!;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_httpPort}") };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _token);
    }

    /// <summary>A plain-text HTTP/2 channel to the gRPC gateway and an invoker that sends the token; the caller disposes the channel.</summary>
    public (GrpcChannel Channel, CallInvoker Invoker) OpenGrpc()
    {
        var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{_grpcPort}");
        var token = _token;
        return (channel, channel.Intercept(metadata =>
        {
            metadata.Add("authorization", $"Bearer {token}");
            return metadata;
        }));
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_factory is not null)
            await _factory.DisposeAsync();
        if (_database is not null)
            await _database.DisposeAsync();
    }

    internal static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
