using System.Net;
using System.Net.Sockets;
using EDRS.Actors.Embeddings;
using EDRS.Grains.Runtime;
using EDRS.Hosting.Cluster;
using EDRS.Hosting.Embeddings;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Proto.Cluster;

namespace EDRS.Embeddings.Tests;

/// <summary>
/// A real single-node EDRS member on 127.0.0.1 hosting the embedding kind, wired as an inference node would be: the
/// production cluster registration, the model registration and the grain-backed embedding port. (The minimal parts of
/// tests/EDRS.Grains.Tests/TestMember.cs; no journal, since the embedding grain stores nothing.)
/// </summary>
public sealed class EmbeddingMember : IAsyncDisposable
{
    private readonly IHost _host;

    private EmbeddingMember(IHost host, int port)
    {
        _host = host;
        RemotingPort = port;
    }

    public int RemotingPort { get; }

    public GrainClients Grains => _host.Services.GetRequiredService<GrainClients>();

    public Cluster Cluster => _host.Services.GetRequiredService<Cluster>();

    /// <summary>The process's embedding port: <see cref="EmbeddingGrainGenerator"/>, calling the grains.</summary>
    public IEmbeddingGenerator<string, Embedding<float>> Port => _host.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

    /// <summary>A single-node member that runs the model and hosts the embedding kind (development topology).</summary>
    public static Task<EmbeddingMember> StartAsync(IDictionary<string, string?>? settings = null) =>
        StartAsync(runsModel: true, new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["Cluster:Provider"] = "SingleNode" });

    /// <summary>
    /// A member of a seed-node cluster (<paramref name="seed"/> null: the seed itself). Only a member that
    /// <paramref name="runsModel"/> hosts the embedding kind, as only inference nodes do.
    /// </summary>
    public static Task<EmbeddingMember> StartSeedMemberAsync(EmbeddingMember? seed, bool runsModel) =>
        StartAsync(runsModel, new Dictionary<string, string?>
        {
            ["Cluster:Provider"] = "Seed",
            ["Cluster:IsSeed"] = seed is null ? "true" : "false",
            ["Cluster:SeedAddress"] = seed is null ? null : $"127.0.0.1:{seed.RemotingPort}",
            ["Cluster:HeartbeatExpiration"] = "00:00:02",
        });

    private static async Task<EmbeddingMember> StartAsync(bool runsModel, Dictionary<string, string?> settings)
    {
        var port = FreePort();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cluster:Name"] = "embeddings-tests",
            ["Cluster:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        if (runsModel)
            builder.AddEdrsEmbeddingModel();
        builder.AddEdrsEmbeddingClient();
        // A model kind is hosted by the processes that run the model (inference nodes), never by core members.
        builder.AddEdrsCluster(_ => runsModel ? [EmbeddingKind.Registration] : []);
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
        return new EmbeddingMember(host, port);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
