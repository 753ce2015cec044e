using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using EDRS.Hosting.Observability;
using EDRS.Hosts.Gateway.Auth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace EDRS.Observability.Tests;

/// <summary>
/// The real gateway (its <c>Program</c>, service defaults included) on a test database, its spans exported to a
/// <see cref="SpanLog"/>, its metrics server on a free port, and one client, <see cref="Tenant"/>, allowed to get tokens.
/// Settings are configuration keys, as an operator sets them.
/// </summary>
public sealed class ObservedGateway : IAsyncDisposable
{
    /// <summary>The client (= tenant) <see cref="Client"/> acts for.</summary>
    public const string Tenant = "default";

    private const string Secret = "observability-tests-secret";

    // Few iterations: the iteration count is part of the stored hash anyway.
    private static readonly string SecretHash = ClientSecretHash.Create(Secret, iterations: 1_000);

    private readonly WebApplicationFactory<Program> _factory;
    private HttpClient? _client;

    private ObservedGateway(WebApplicationFactory<Program> factory, SpanLog spans)
    {
        _factory = factory;
        Spans = spans;
    }

    /// <summary>A client of the gateway's API with a token of <see cref="Tenant"/>.</summary>
    public HttpClient Client => _client ?? throw new InvalidOperationException("The gateway was created, not started.");

    public SpanLog Spans { get; }

    public IServiceProvider Services => _factory.Services;

    /// <summary>The Prometheus endpoint of this gateway's metrics server.</summary>
    public Uri MetricsUri => new($"http://127.0.0.1:{Services.GetRequiredService<MetricsServer>().Port}/metrics");

    /// <summary>Starts the gateway — single-node cluster, every grain kind in-process, unless <paramref name="settings"/> say otherwise — and gets a token.</summary>
    public static async Task<ObservedGateway> StartAsync(string connectionString, IDictionary<string, string?>? settings = null)
    {
        var gateway = Create(connectionString, settings);
        var client = gateway.CreateClient();
        using var response = await client.PostAsync("/api/v1/auth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = Tenant,
            ["client_secret"] = Secret,
        }));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"no token: {(int)response.StatusCode} {body}");
        var token = JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        gateway._client = client;
        return gateway;
    }

    /// <summary>The gateway, configured but not started: the first <see cref="CreateClient"/> starts it.</summary>
    public static ObservedGateway Create(string connectionString, IDictionary<string, string?>? settings = null)
    {
        var spans = new SpanLog();
        var all = new Dictionary<string, string?>
        {
            ["Journal:ConnectionString"] = connectionString,
            ["Journal:ApplySchemaOnStart"] = "true",
            ["Cluster:Name"] = "observability-tests",
            ["Cluster:Provider"] = "SingleNode",
            ["Cluster:Port"] = "0",
            ["Observability:MetricsPort"] = "0",
            ["Observability:MetricsHost"] = "127.0.0.1",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Auth:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            [$"Auth:Clients:{Tenant}:SecretHash"] = SecretHash,
            [$"Auth:Clients:{Tenant}:Tier"] = "unmetered",
            [$"Auth:Clients:{Tenant}:Roles:0"] = "admin",
            [$"Auth:Clients:{Tenant}:Roles:1"] = "user",
            // Limits these tests never reach: rate limiting is not what they are about.
            ["RateLimits:Tiers:unmetered:RequestsPerMinute"] = "10000000",
            ["RateLimits:Tiers:unmetered:Burst"] = "1000000",
            ["RateLimits:Tiers:unmetered:Concurrency"] = "100000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            all[key] = value;

        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in all)
                builder.UseSetting(key, value);
            builder.ConfigureServices(services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans)));
        });
        return new ObservedGateway(factory, spans);
    }

    /// <summary>A client without a token; the first one starts the gateway.</summary>
    public HttpClient CreateClient() => _factory.CreateClient();

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        await _factory.DisposeAsync();
    }
}
