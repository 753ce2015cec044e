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

namespace EDRS.Grains.Tests;

/// <summary>
/// A real EDRS member in this process: the production host wiring (journal on PostgreSQL, Proto.Cluster
/// on 127.0.0.1), configured the way an operator would, through configuration keys.
/// </summary>
public sealed class TestMember : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private TestMember(IHost host, int port)
    {
        _host = host;
        Port = port;
    }

    public int Port { get; }

    public string Address => $"127.0.0.1:{Port}";

    public GrainClients Grains => _host.Services.GetRequiredService<GrainClients>();

    public Cluster Cluster => _host.Services.GetRequiredService<ActorSystem>().Cluster();

    public T Service<T>() where T : notnull => _host.Services.GetRequiredService<T>();

    /// <summary>A single-node member (development topology).</summary>
    public static Task<TestMember> StartSingleNodeAsync(string connectionString, IDictionary<string, string?>? settings = null) =>
        StartAsync(connectionString, new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["Cluster:Provider"] = "SingleNode",
        });

    /// <summary>A member of a seed-node cluster; <paramref name="seed"/> null makes it the seed.</summary>
    public static Task<TestMember> StartSeedMemberAsync(string connectionString, TestMember? seed, IDictionary<string, string?>? settings = null) =>
        StartAsync(connectionString, new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["Cluster:Provider"] = "Seed",
            ["Cluster:IsSeed"] = seed is null ? "true" : "false",
            ["Cluster:SeedAddress"] = seed?.Address,
            ["Cluster:HeartbeatExpiration"] = "00:00:02",
        });

    /// <summary>A member of a seed-node cluster that joins the seed at <paramref name="seedAddress"/> (host:port).</summary>
    /// <param name="services">Replaces production services after the host's own wiring (e.g. a recording stand-in).</param>
    public static Task<TestMember> StartJoiningAsync(string connectionString, string seedAddress, IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null) =>
        StartAsync(connectionString, new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["Cluster:Provider"] = "Seed",
            ["Cluster:IsSeed"] = "false",
            ["Cluster:SeedAddress"] = seedAddress,
            ["Cluster:HeartbeatExpiration"] = "00:00:02",
        }, services);

    private static async Task<TestMember> StartAsync(string connectionString, Dictionary<string, string?> settings, Action<IServiceCollection>? services = null)
    {
        var port = FreePorts.Next();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Journal:ConnectionString"] = connectionString,
            ["Journal:ApplySchemaOnStart"] = "true",
            ["Cluster:Name"] = "grains-tests",
            ["Cluster:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.AddEdrsJournal();
        builder.AddEdrsCluster(_ => true);
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new TestMember(host, port);
    }

    /// <summary>Leaves the cluster gracefully and stops the host (a member restart or scale-in).</summary>
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
