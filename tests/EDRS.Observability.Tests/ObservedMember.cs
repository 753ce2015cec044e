using EDRS.Hosting.Cluster;
using EDRS.Hosting.Journal;
using EDRS.Hosting.Observability;
using EDRS.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;
using Proto;

namespace EDRS.Observability.Tests;

/// <summary>
/// A core cluster member wired exactly like <c>EDRS.Hosts.Member/Program.cs</c> (service defaults, journal, cluster
/// hosting every kind, the default endpoints), served by real Kestrel on a free loopback port.
/// </summary>
public sealed class ObservedMember : IAsyncDisposable
{
    private readonly WebApplication _app;
    private Task? _started;

    private ObservedMember(WebApplication app, int httpPort, int clusterPort, SpanLog spans)
    {
        _app = app;
        Spans = spans;
        ClusterPort = clusterPort;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
    }

    /// <summary>A client for the member's own HTTP port (probes).</summary>
    public HttpClient Http { get; }

    public SpanLog Spans { get; }

    public int ClusterPort { get; }

    public string ClusterAddress => $"127.0.0.1:{ClusterPort}";

    public IServiceProvider Services => _app.Services;

    public string ActorSystemAddress => Services.GetRequiredService<ActorSystem>().Address;

    public Uri MetricsUri => new($"http://127.0.0.1:{Services.GetRequiredService<MetricsServer>().Port}/metrics");

    /// <summary>Builds the member; <paramref name="configure"/> may add to it before it is built. Not started yet.</summary>
    public static ObservedMember Create(string connectionString, IDictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null)
    {
        var httpPort = FreePorts.Next();
        var clusterPort = FreePorts.Next();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development });
        // The test's output folder holds the gateway's appsettings (copied with its project reference): a member must
        // not read them, their Kestrel endpoints above all.
        foreach (var json in builder.Configuration.Sources.OfType<JsonConfigurationSource>().ToList())
            builder.Configuration.Sources.Remove(json);
        builder.WebHost.UseUrls($"http://127.0.0.1:{httpPort}");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Journal:ConnectionString"] = connectionString,
            ["Journal:ApplySchemaOnStart"] = "true",
            ["Cluster:Name"] = "observability-tests",
            ["Cluster:Provider"] = "Seed",
            ["Cluster:IsSeed"] = "true",
            ["Cluster:Port"] = clusterPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Cluster:HeartbeatExpiration"] = "00:00:02",
            ["Observability:ServiceName"] = "edrs-member",
            ["Observability:MetricsPort"] = "0",
            ["Observability:MetricsHost"] = "127.0.0.1",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());

        // The member's Program.cs, line for line.
        builder.AddEdrsServiceDefaults();
        builder.AddEdrsJournal();
        builder.AddEdrsCluster(hostKinds: _ => true);

        var spans = new SpanLog();
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans));
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapEdrsDefaultEndpoints();
        return new ObservedMember(app, httpPort, clusterPort, spans);
    }

    public static async Task<ObservedMember> StartAsync(string connectionString, IDictionary<string, string?>? settings = null)
    {
        var member = Create(connectionString, settings);
        await member.StartAsync();
        return member;
    }

    /// <summary>Starts the host; the returned task completes once it has started (every hosted service included).</summary>
    public Task StartAsync() => _started ??= _app.StartAsync();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (_started is not null)
        {
            try
            {
                await _started.WaitAsync(TimeSpan.FromSeconds(60));
            }
            finally
            {
                await _app.StopAsync();
            }
        }
        await _app.DisposeAsync();
    }
}
