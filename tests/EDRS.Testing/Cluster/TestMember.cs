using System.Globalization;
using EDRS.Grains.Runtime;
using EDRS.Hosting.Cluster;
using EDRS.Hosting.Embeddings;
using EDRS.Hosting.Inbound;
using EDRS.Hosting.Journal;
using EDRS.Hosting.Memory;
using EDRS.Hosting.Knowledge;
using EDRS.Hosting.Observability;
using EDRS.Hosting.Personas;
using EDRS.Hosting.Sessions;
using EDRS.Hosting.Tasks;
using EDRS.Hosting.Tools;
using EDRS.Hosting.Webhooks;
using EDRS.Hosting.Workflows;
using EDRS.Hosting.WorkingMemory;
using EDRS.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Proto;
using Proto.Cluster;

namespace EDRS.Testing.Cluster;

/// <summary>
/// A real EDRS cluster member in the test process: the production host wiring (the same <c>AddEdrsXxx</c> calls as the
/// hosts' Program.cs), the journal on real PostgreSQL, Proto.Cluster on 127.0.0.1 — configured through configuration
/// keys, as an operator would. The one member builder of every test project and benchmark; <see cref="MemberSpec"/> says
/// what it is.
/// </summary>
public sealed class TestMember : IAsyncDisposable
{
    /// <summary>How long disposing waits for a start still under way (a test that failed while the member started).</summary>
    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(60);

    private readonly IHost _host;
    private readonly HttpClient? _http;
    private Task? _started;
    private bool _stopped;

    private TestMember(IHost host, int port, int httpPort)
    {
        _host = host;
        Port = port;
        if (httpPort > 0)
            _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
    }

    /// <summary>The remoting port.</summary>
    public int Port { get; }

    /// <summary>The remoting address, <c>127.0.0.1:{port}</c>: what a seed's joiners dial.</summary>
    public string Address => $"127.0.0.1:{Port}";

    /// <summary>A client of the member's HTTP port (health probes), when <see cref="MemberSpec.ServesHttp"/>.</summary>
    public HttpClient Http => _http ?? throw new InvalidOperationException("The member serves no HTTP: set MemberSpec.ServesHttp.");

    /// <summary>The member's Prometheus endpoint (its metrics server), when <see cref="MemberSpec.ServesHttp"/>.</summary>
    public Uri MetricsUri => new($"http://127.0.0.1:{Service<MetricsServer>().Port}/metrics");

    public IServiceProvider Services => _host.Services;

    public GrainClients Grains => Service<GrainClients>();

    public Proto.Cluster.Cluster Cluster => Service<ActorSystem>().Cluster();

    public T Service<T>() where T : notnull => _host.Services.GetRequiredService<T>();

    /// <summary>A single-node member with a journal, hosting <paramref name="kinds"/>.</summary>
    public static Task<TestMember> StartSingleNodeAsync(string journal, IReadOnlyDictionary<string, string?>? settings = null, MemberKinds kinds = MemberKinds.Core) =>
        StartAsync(new MemberSpec { Journal = journal, Kinds = kinds, Settings = settings ?? new Dictionary<string, string?>() });

    /// <summary>A member of a seed-node cluster; <paramref name="seed"/> null makes it the seed.</summary>
    public static Task<TestMember> StartSeedMemberAsync(
        string? journal, TestMember? seed, MemberKinds kinds = MemberKinds.Core, IReadOnlyDictionary<string, string?>? settings = null) =>
        StartAsync(new MemberSpec
        {
            Journal = journal,
            Kinds = kinds,
            Provider = ClusterProviderKind.Seed,
            Seed = seed,
            Settings = settings ?? new Dictionary<string, string?>(),
        });

    /// <summary>Starts a member as <paramref name="spec"/> says; it has joined its cluster when this returns.</summary>
    public static async Task<TestMember> StartAsync(MemberSpec spec)
    {
        var member = Create(spec);
        try
        {
            await member.StartAsync();
        }
        catch
        {
            await member.DisposeAsync();
            throw;
        }
        return member;
    }

    /// <summary>Builds a member as <paramref name="spec"/> says without starting it (a test that watches it start).</summary>
    public static TestMember Create(MemberSpec spec)
    {
        var port = FreePorts.Next();
        var httpPort = spec.ServesHttp ? FreePorts.Next() : 0;
        IHostApplicationBuilder builder;
        if (spec.ServesHttp)
        {
            var web = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development });
            web.WebHost.UseUrls($"http://127.0.0.1:{httpPort}");
            builder = web;
        }
        else
        {
            builder = Host.CreateApplicationBuilder();
        }
        // A test's output folder may hold a host's appsettings (copied with a project reference): a member must not read
        // them, their Kestrel endpoints above all.
        foreach (var json in builder.Configuration.Sources.OfType<JsonConfigurationSource>().ToList())
            builder.Configuration.Sources.Remove(json);
        builder.Configuration.AddInMemoryCollection(DefaultSettings(spec, port));
        builder.Configuration.AddInMemoryCollection(spec.Settings);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);

        if (spec.ServesHttp)
            builder.AddEdrsServiceDefaults();
        if (spec.Journal is not null)
            builder.AddEdrsJournal();
        builder.AddEdrsCluster(hostsGrains: _ => spec.HostsGrains);
        AddFeatures(builder, spec.Kinds);
        foreach (var kind in spec.ExtraKinds)
            builder.Services.AddGrainKind(kind);
        spec.Configure?.Invoke(builder);
        spec.Services?.Invoke(builder.Services);

        IHost host;
        if (builder is WebApplicationBuilder webBuilder)
        {
            var app = webBuilder.Build();
            app.MapEdrsDefaultEndpoints();
            host = app;
        }
        else
        {
            host = ((HostApplicationBuilder)builder).Build();
        }
        return new TestMember(host, port, httpPort);
    }

    /// <summary>Starts the member; the task completes once it has started (every hosted service, the cluster joined).</summary>
    public Task StartAsync() => _started ??= _host.StartAsync();

    /// <summary>Leaves the cluster gracefully and stops the host (a member restart or scale-in).</summary>
    public async Task StopAsync()
    {
        if (_stopped)
            return;
        _stopped = true;
        _http?.Dispose();
        try
        {
            if (_started is not null)
            {
                // A start still under way must finish (or fail) before the host can stop.
                try
                {
                    await _started.WaitAsync(StartPatience);
                }
                catch (Exception) when (_started.IsFaulted || _started.IsCanceled)
                {
                    // The start's failure belongs to whoever awaited the start.
                }
                if (_started.IsCompletedSuccessfully)
                    await _host.StopAsync();
            }
        }
        finally
        {
            _host.Dispose();
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private static void AddFeatures(IHostApplicationBuilder builder, MemberKinds kinds)
    {
        if (kinds.HasFlag(MemberKinds.Personas))
            builder.AddEdrsPersonas();
        if (kinds.HasFlag(MemberKinds.WorkingMemory))
            builder.AddEdrsWorkingMemory();
        if (kinds.HasFlag(MemberKinds.Sessions))
            builder.AddEdrsSessions();
        if (kinds.HasFlag(MemberKinds.Inbound))
            builder.AddEdrsInbound();
        if (kinds.HasFlag(MemberKinds.Memory))
            builder.AddEdrsMemory();
        if (kinds.HasFlag(MemberKinds.Knowledge))
            builder.AddEdrsKnowledge();
        // Work features keep their timers in the journal's database.
        if (kinds.HasFlag(MemberKinds.Tasks) && builder.Configuration["Journal:ConnectionString"] is not null)
            builder.AddEdrsTasks();
        if (kinds.HasFlag(MemberKinds.Tools))
            builder.AddEdrsTools();
        if (kinds.HasFlag(MemberKinds.Workflows) && builder.Configuration["Journal:ConnectionString"] is not null)
            builder.AddEdrsWorkflows();
        if (kinds.HasFlag(MemberKinds.Webhooks) && builder.Configuration["Journal:ConnectionString"] is not null)
            builder.AddEdrsWebhooks();
        if (kinds.HasFlag(MemberKinds.Inference))
            builder.AddEdrsInferenceRunner();
        if (kinds.HasFlag(MemberKinds.Embedding))
            builder.AddEdrsEmbeddingRunner();
        // Every process may call embedding grains, wherever they are hosted.
        builder.AddEdrsEmbeddingClient();
    }

    private static Dictionary<string, string?> DefaultSettings(MemberSpec spec, int port)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Cluster:Name"] = spec.ClusterName,
            ["Cluster:Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Cluster:Provider"] = spec.Provider.ToString(),
            ["Observability:MetricsPort"] = "0",
            ["Observability:MetricsHost"] = "127.0.0.1",
            ["Logging:LogLevel:Default"] = "Warning",
            // The tiny test model needs little context; a big one would cost memory in every test process.
            ["MODEL_CONTEXT_SIZE"] = "512",
        };
        if (spec.HeartbeatExpiration is { } heartbeat)
            settings["Cluster:HeartbeatExpiration"] = heartbeat.ToString("c", CultureInfo.InvariantCulture);
        if (spec.Journal is not null)
        {
            settings["Journal:ConnectionString"] = spec.Journal;
            settings["Journal:ApplySchemaOnStart"] = "true";
        }
        if (spec.ModelPath is not null)
            settings["MODEL_PATH"] = spec.ModelPath;
        if (spec.Provider == ClusterProviderKind.Seed)
        {
            var seed = spec.Seed?.Address ?? spec.SeedAddress;
            settings["Cluster:IsSeed"] = seed is null ? "true" : "false";
            settings["Cluster:SeedAddress"] = seed;
        }
        return settings;
    }
}
