using System.Net;
using System.Net.Sockets;
using EDRS.Grains.Runtime;
using EDRS.Hosting.Cluster;
using EDRS.Hosting.Journal;
using EDRS.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Proto;
using Proto.Cluster;

namespace EDRS.Inference.Tests;

/// <summary>
/// A real EDRS cluster member in this process, in one of the roles hosts have: a core member (journal on
/// PostgreSQL, core kinds), an inference member (model kinds only, the tiny GGUF model, no journal), or the
/// development single node (everything). Configured the way an operator would, through configuration keys
/// and the flat model variables (MODEL_PATH, MAX_BATCH_SIZE, ...).
/// </summary>
public sealed class ModelMember : IAsyncDisposable
{
    /// <summary>
    /// One logger factory for every member of the test process, never disposed: Proto.Actor keeps the last host's
    /// factory in a static, and a member stopped mid-test must not leave the others logging into a disposed one.
    /// </summary>
    private static readonly ILoggerFactory Loggers = LoggerFactory.Create(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));

    private readonly IHost _host;
    private bool _stopped;

    private ModelMember(IHost host, int port)
    {
        _host = host;
        Port = port;
    }

    public int Port { get; }

    public string Address => $"127.0.0.1:{Port}";

    public GrainClients Grains => _host.Services.GetRequiredService<GrainClients>();

    public Cluster Cluster => _host.Services.GetRequiredService<ActorSystem>().Cluster();

    public T Service<T>() where T : notnull => _host.Services.GetRequiredService<T>();

    /// <summary>The development topology: one node hosting core and model kinds.</summary>
    public static Task<ModelMember> StartSingleNodeAsync(string connectionString, IDictionary<string, string?>? settings = null) =>
        StartAsync(HostedGrainKinds.All, connectionString, Merge(settings, new() { ["Cluster:Provider"] = "SingleNode", ["MODEL_PATH"] = TinyModel.Path }));

    /// <summary>A single node hosting only the given (test) kinds, no model and no journal.</summary>
    public static Task<ModelMember> StartWithKindsAsync(IReadOnlyList<GrainKindRegistration> kinds) =>
        StartAsync(kinds, null, new() { ["Cluster:Provider"] = "SingleNode" });

    /// <summary>A core member of a seed cluster (the seed when <paramref name="seed"/> is null).</summary>
    public static Task<ModelMember> StartCoreMemberAsync(string connectionString, ModelMember? seed, IDictionary<string, string?>? settings = null) =>
        StartAsync(HostedGrainKinds.Core, connectionString, Merge(settings, SeedSettings(seed)));

    /// <summary>An inference member of a seed cluster: model kinds only, the tiny model, no journal.</summary>
    public static Task<ModelMember> StartInferenceMemberAsync(ModelMember seed, IDictionary<string, string?>? settings = null) =>
        StartAsync(HostedGrainKinds.Models, null, Merge(settings, new(SeedSettings(seed)) { ["MODEL_PATH"] = TinyModel.Path }));

    /// <summary>An inference member that is the seed of its cluster.</summary>
    public static Task<ModelMember> StartSeedInferenceMemberAsync(IDictionary<string, string?>? settings = null) =>
        StartAsync(HostedGrainKinds.Models, null, Merge(settings, new(SeedSettings(null)) { ["MODEL_PATH"] = TinyModel.Path }));

    /// <summary>A member hosting no kinds (like a gateway in a cluster), no journal: it only calls grains.</summary>
    public static Task<ModelMember> StartCallerMemberAsync(ModelMember seed) =>
        StartAsync([], null, SeedSettings(seed));

    private static Dictionary<string, string?> SeedSettings(ModelMember? seed) => new()
    {
        ["Cluster:Provider"] = "Seed",
        ["Cluster:IsSeed"] = seed is null ? "true" : "false",
        ["Cluster:SeedAddress"] = seed?.Address,
        ["Cluster:HeartbeatExpiration"] = "00:00:02",
    };

    private static Dictionary<string, string?> Merge(IDictionary<string, string?>? settings, Dictionary<string, string?> defaults)
    {
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            defaults[key] = value;
        return defaults;
    }

    private static async Task<ModelMember> StartAsync(IReadOnlyList<GrainKindRegistration> kinds, string? connectionString, Dictionary<string, string?> settings)
    {
        var port = FreePorts.Next();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Journal:ConnectionString"] = connectionString,
            ["Journal:ApplySchemaOnStart"] = "true",
            ["Cluster:Name"] = "inference-tests",
            ["Cluster:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["MODEL_CONTEXT_SIZE"] = "512",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton(Loggers);
        // Kinds beyond the product's (test probes) join the registrations the member can host.
        foreach (var kind in kinds.Where(k => !HostedGrainKinds.Known.Contains(k)))
            builder.Services.AddSingleton(kind);
        if (connectionString is not null)
            builder.AddEdrsJournal();
        builder.AddEdrsCluster(_ => kinds);
        var host = builder.Build();
        await host.StartAsync();
        return new ModelMember(host, port);
    }

    /// <summary>Leaves the cluster gracefully and stops the host.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
            return;
        _stopped = true;
        await _host.StopAsync();
        _host.Dispose();
    }

    public ValueTask DisposeAsync() => new(StopAsync());

}
