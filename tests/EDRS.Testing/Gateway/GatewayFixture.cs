using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using EDRS.Hosting.Observability;
using EDRS.Testing.Cluster;
using EDRS.Testing.Telemetry;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace EDRS.Testing.Gateway;

/// <summary>
/// The real gateway — its own <c>Program</c> through <c>WebApplicationFactory&lt;Program&gt;</c>, single-node cluster with
/// every grain kind in-process unless the settings say otherwise — on a real PostgreSQL journal, with the
/// <see cref="TestClients"/> configured. <see cref="Client"/> carries a token of <see cref="TestClients.Default"/>;
/// <see cref="RestartAsync"/> stops the gateway (its actor system and every activation) and starts a new one on the same
/// database. One per test class (<c>IClassFixture&lt;GatewayFixture&gt;</c>, variants as small subclasses that pass their
/// <see cref="GatewayOptions"/>), or one per test (<see cref="StartAsync(GatewayOptions)"/>).
/// </summary>
public class GatewayFixture : IAsyncLifetime, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, string> _tokens = new();
    private TestDatabase? _database;
    private WebApplicationFactory<Program>? _factory;
    private HttpClient? _client;
    private HttpClient? _anonymous;
    private SpanLog? _spans;

    /// <summary>The development gateway, in memory, on a fresh database.</summary>
    public GatewayFixture()
        : this(new GatewayOptions())
    {
    }

    /// <summary>A variant: the gateway these options describe.</summary>
    protected GatewayFixture(GatewayOptions options) => Options = options;

    public GatewayOptions Options { get; }

    /// <summary>Authenticated as <see cref="TestClients.Default"/> (roles admin and user, unmetered).</summary>
    public HttpClient Client => _client ?? throw NotStarted();

    /// <summary>The token <see cref="Client"/> sends.</summary>
    public string Token { get; private set; } = "";

    /// <summary>No token.</summary>
    public HttpClient Anonymous => _anonymous ?? throw NotStarted();

    /// <summary>The journal's database, when the fixture created it (no <see cref="GatewayOptions.Journal"/> given).</summary>
    public TestDatabase Database => _database ?? throw new InvalidOperationException("The journal database is the test's own (GatewayOptions.Journal).");

    public IServiceProvider Services => _factory?.Services ?? throw NotStarted();

    /// <summary>The spans the gateway exported, when <see cref="GatewayOptions.RecordsSpans"/>.</summary>
    public SpanLog Spans => _spans ?? throw new InvalidOperationException("The gateway records no spans: set GatewayOptions.RecordsSpans.");

    /// <summary>The REST port on Kestrel (<see cref="GatewayOptions.Kestrel"/>).</summary>
    public int HttpPort { get; private set; }

    /// <summary>The gRPC (h2c) port on Kestrel (<see cref="GatewayOptions.Kestrel"/>).</summary>
    public int GrpcPort { get; private set; }

    /// <summary>The gateway's Prometheus endpoint (its own metrics server).</summary>
    public Uri MetricsUri => new($"http://127.0.0.1:{Services.GetRequiredService<MetricsServer>().Port}/metrics");

    /// <summary>Settings of a variant on top of <see cref="Options"/>, read at each start (ports are known by then).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    /// <summary>Starts a gateway for one test; the test disposes it.</summary>
    public static async Task<GatewayFixture> StartAsync(GatewayOptions options)
    {
        var gateway = new GatewayFixture(options);
        try
        {
            await gateway.InitializeAsync();
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }
        return gateway;
    }

    public virtual async Task InitializeAsync()
    {
        if (Options.Journal is null)
            _database = await TestDatabase.CreateAsync("gateway");
        if (Options.Kestrel)
            (HttpPort, GrpcPort) = (FreePorts.Next(), FreePorts.Next());
        await StartAsync();
    }

    /// <summary>Stops the gateway (its actor system and every grain activation) and starts a new one on the same database.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    /// <summary>A token of <paramref name="clientId"/> (one per client and fixture: tokens outlive a restart).</summary>
    public async Task<string> TokenAsync(string clientId)
    {
        if (_tokens.TryGetValue(clientId, out var cached))
            return cached;
        return _tokens[clientId] = await IssueTokenAsync(clientId);
    }

    /// <summary>Gets a new token of <paramref name="clientId"/>: from the gateway's token endpoint unless a variant has its own issuer.</summary>
    protected virtual async Task<string> IssueTokenAsync(string clientId)
    {
        using var response = await Anonymous.PostAsync("/api/v1/auth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = TestClients.Secret,
        }));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"No token for {clientId}: {(int)response.StatusCode} {body}");
        using var token = JsonDocument.Parse(body);
        return token.RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>An HTTP client that sends <paramref name="clientId"/>'s token; the caller disposes it.</summary>
    public async Task<HttpClient> ClientForAsync(string clientId) => WithToken(CreateClient(), await TokenAsync(clientId));

    /// <summary>An HTTP client that sends <paramref name="token"/> as it is; the caller disposes it.</summary>
    public HttpClient ClientWithToken(string token) => WithToken(CreateClient(), token);

    /// <summary>An HTTP client without a token; the caller disposes it.</summary>
    public HttpClient CreateClient() =>
        Options.Kestrel
            ? new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}") }
            : (_factory ?? throw NotStarted()).CreateClient();

    /// <summary>A plain-text HTTP/2 (h2c) gRPC channel to the gateway's gRPC endpoint; the caller disposes it.</summary>
    public GrpcChannel OpenGrpcChannel() =>
        Options.Kestrel
            ? GrpcChannel.ForAddress($"http://127.0.0.1:{GrpcPort}")
            : throw new InvalidOperationException("gRPC needs the gateway on Kestrel: set GatewayOptions.Kestrel.");

    /// <summary>A call invoker on <paramref name="channel"/> that sends <paramref name="clientId"/>'s token with every call.</summary>
    public async Task<CallInvoker> GrpcForAsync(GrpcChannel channel, string clientId = TestClients.Default)
    {
        var token = await TokenAsync(clientId);
        return channel.Intercept(metadata =>
        {
            metadata.Add("authorization", $"Bearer {token}");
            return metadata;
        });
    }

    public virtual async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_database is not null)
            await _database.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    /// <summary>Services of a variant on top of the gateway's own and <see cref="GatewayOptions.Services"/>.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    private async Task StartAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Journal:ConnectionString"] = Options.Journal ?? Database.ConnectionString,
            ["Journal:ApplySchemaOnStart"] = "true",
            ["Cluster:Name"] = MemberSpec.DefaultClusterName,
            ["Cluster:Provider"] = "SingleNode",
            ["Cluster:Port"] = "0",
            ["Observability:MetricsPort"] = "0",
            ["Observability:MetricsHost"] = "127.0.0.1",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        if (Options.Kestrel)
        {
            settings["Kestrel:Endpoints:Http:Url"] = $"http://127.0.0.1:{HttpPort}";
            settings["Kestrel:Endpoints:Grpc:Url"] = $"http://127.0.0.1:{GrpcPort}";
            settings["Kestrel:Endpoints:Grpc:Protocols"] = "Http2";
        }
        if (Options.SnapshotEvery is { } snapshotEvery)
            settings["Journal:SnapshotEvery"] = snapshotEvery.ToString(CultureInfo.InvariantCulture);
        if (Options.ModelPath is not null)
            settings["MODEL_PATH"] = Options.ModelPath;
        foreach (var (key, value) in TestClients.Settings().Concat(Options.Settings).Concat(Settings))
            settings[key] = value;

        var spans = Options.RecordsSpans ? _spans ??= new SpanLog() : null;
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in settings)
                builder.UseSetting(key, value);
            builder.ConfigureServices(services =>
            {
                if (spans is not null)
                    services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans));
                Options.Services?.Invoke(services);
                ConfigureServices(services);
            });
        });
        if (Options.Kestrel)
        {
            _factory.UseKestrel();
            _factory.StartServer();
        }
        _anonymous = CreateClient();
        Token = await TokenAsync(TestClients.Default);
        _client = WithToken(CreateClient(), Token);
    }

    private async Task StopAsync()
    {
        _client?.Dispose();
        _anonymous?.Dispose();
        (_client, _anonymous) = (null, null);
        if (_factory is not null)
            await _factory.DisposeAsync();
        _factory = null;
    }

    private static HttpClient WithToken(HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static InvalidOperationException NotStarted() => new("The gateway has not started (InitializeAsync).");
}
