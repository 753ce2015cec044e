using System.Globalization;
using System.Net;
using System.Net.Sockets;
using EDRS.Grains.Runtime;
using EDRS.Hosting.Cluster;
using EDRS.Hosting.Journal;
using EDRS.Kubernetes.Tests.FakeKubernetesApi;
using EDRS.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Proto;
using Proto.Cluster;

namespace EDRS.Kubernetes.Tests;

/// <summary>
/// A real EDRS member in this process (the production host wiring: journal on PostgreSQL, Proto.Cluster on 127.0.0.1)
/// configured as the chart configures a pod: <c>Cluster:Provider=Kubernetes</c> and the pod's name and namespace,
/// with the API server's address pointing at the fake instead of the in-cluster one.
/// </summary>
public sealed class KubernetesTestMember : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private KubernetesTestMember(IHost host, string podName, int port)
    {
        _host = host;
        PodName = podName;
        Port = port;
    }

    public string PodName { get; }

    public int Port { get; }

    public string Address => $"127.0.0.1:{Port}";

    public GrainClients Grains => _host.Services.GetRequiredService<GrainClients>();

    public Cluster Cluster => _host.Services.GetRequiredService<ActorSystem>().Cluster();

    public static async Task<KubernetesTestMember> StartAsync(
        string connectionString, FakeKubernetesApiServer api, string podName, IDictionary<string, string?>? settings = null)
    {
        var port = FreePorts.Next();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Journal:ConnectionString"] = connectionString,
            ["Journal:ApplySchemaOnStart"] = "true",
            ["Cluster:Provider"] = "kubernetes",
            ["Cluster:Name"] = "edrs",
            ["Cluster:Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Cluster:HeartbeatExpiration"] = "00:00:02",
            ["Cluster:Kubernetes:ApiServer"] = api.Url,
            ["Cluster:Kubernetes:PodName"] = podName,
            ["Cluster:Kubernetes:Namespace"] = TestPods.Namespace,
            ["Cluster:Kubernetes:ResyncInterval"] = "00:00:05",
            ["Cluster:Kubernetes:RequestTimeout"] = "00:00:02",
        });
        if (settings is not null)
            builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.AddEdrsJournal();
        builder.AddEdrsCluster(_ => true);
        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new KubernetesTestMember(host, podName, port);
    }

    /// <summary>Leaves the cluster gracefully and stops the host, as Kubernetes' SIGTERM does.</summary>
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
