using System.Net;
using System.Net.Sockets;
using EDRS.Actors.Runtime;
using EDRS.Hosting.Cluster;
using EDRS.Hosting.Journal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EDRS.Sessions.Tests;

/// <summary>
/// A real EDRS member in this process: the production host wiring (journal on PostgreSQL, Proto.Cluster on
/// 127.0.0.1, every core kind). <c>configure</c> adds what the test provides itself: a clock, a model.
/// </summary>
public sealed class TestMember : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private TestMember(IHost host) => _host = host;

    public GrainClients Grains => _host.Services.GetRequiredService<GrainClients>();

    public T Service<T>() where T : notnull => _host.Services.GetRequiredService<T>();

    public static async Task<TestMember> StartAsync(
        string connectionString, Action<IServiceCollection>? configure = null, IDictionary<string, string?>? settings = null, bool hostModelKinds = false)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Journal:ConnectionString"] = connectionString,
            ["Journal:ApplySchemaOnStart"] = "true",
            ["Cluster:Name"] = "sessions-tests",
            ["Cluster:Provider"] = "SingleNode",
            ["Cluster:Port"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        if (settings is not null)
            builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.AddEdrsJournal();
        // Core kinds; with hostModelKinds the development topology (model kinds too, the model as configured).
        builder.AddEdrsCluster(_ => hostModelKinds ? HostedGrainKinds.All : HostedGrainKinds.Core);
        configure?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new TestMember(host);
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
