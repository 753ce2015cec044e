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

namespace EDRS.Sessions.Tests;

/// <summary>
/// A real EDRS member in this process: the production host wiring (journal on PostgreSQL, Proto.Cluster on
/// 127.0.0.1) in a role: core kinds, model kinds, or both. <c>configure</c> adds what the test provides itself: a clock, a model.
/// </summary>
public sealed class TestMember : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private TestMember(IHost host, int port)
    {
        _host = host;
        Address = $"127.0.0.1:{port}";
    }

    public string Address { get; }

    public GrainClients Grains => _host.Services.GetRequiredService<GrainClients>();

    public T Service<T>() where T : notnull => _host.Services.GetRequiredService<T>();

    public static Task<TestMember> StartAsync(
        string connectionString, Action<IServiceCollection>? configure = null, IDictionary<string, string?>? settings = null, bool hostModelKinds = false) =>
        StartAsync(connectionString, hostModelKinds ? HostedGrainKinds.All : HostedGrainKinds.Core, configure, settings);

    /// <summary>A member of a seed-node cluster hosting <paramref name="kinds"/>; <paramref name="seed"/> null makes it the seed.</summary>
    public static Task<TestMember> StartSeedMemberAsync(
        string connectionString, IReadOnlyList<GrainKindRegistration> kinds, TestMember? seed, IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Cluster:Provider"] = "Seed",
            ["Cluster:IsSeed"] = seed is null ? "true" : "false",
            ["Cluster:SeedAddress"] = seed?.Address,
            ["Cluster:HeartbeatExpiration"] = "00:00:02",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            all[key] = value;
        return StartAsync(connectionString, kinds, null, all);
    }

    private static async Task<TestMember> StartAsync(
        string connectionString, IReadOnlyList<GrainKindRegistration> kinds, Action<IServiceCollection>? configure, IDictionary<string, string?>? settings)
    {
        var port = FreePorts.Next();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Journal:ConnectionString"] = connectionString,
            ["Journal:ApplySchemaOnStart"] = "true",
            ["Cluster:Name"] = "sessions-tests",
            ["Cluster:Provider"] = "SingleNode",
            ["Cluster:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        if (settings is not null)
            builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.AddEdrsJournal();
        // Core kinds; HostedGrainKinds.All is the development topology (model kinds too, the model as configured).
        builder.AddEdrsCluster(_ => kinds);
        configure?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new TestMember(host, port);
    }

    /// <summary>Stops the host: every activation is gone, only the journal remains (a member restart).</summary>
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
