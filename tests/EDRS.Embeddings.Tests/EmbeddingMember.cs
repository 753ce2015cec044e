using System.Net;
using System.Net.Sockets;
using EDRS.Actors.Embeddings;
using EDRS.Actors.Runtime;
using EDRS.Hosting.Cluster;
using EDRS.Hosting.Embeddings;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EDRS.Embeddings.Tests;

/// <summary>
/// A real single-node EDRS member on 127.0.0.1 hosting the embedding kind, wired as an inference node would be: the
/// production cluster registration, the model registration and the grain-backed embedding port. (The minimal parts of
/// tests/EDRS.Grains.Tests/TestMember.cs; no journal, since the embedding grain stores nothing.)
/// </summary>
public sealed class EmbeddingMember : IAsyncDisposable
{
    private readonly IHost _host;

    private EmbeddingMember(IHost host) => _host = host;

    public GrainClients Grains => _host.Services.GetRequiredService<GrainClients>();

    /// <summary>The process's embedding port: <see cref="EmbeddingGrainGenerator"/>, calling the grains.</summary>
    public IEmbeddingGenerator<string, Embedding<float>> Port => _host.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

    public static async Task<EmbeddingMember> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cluster:Provider"] = "SingleNode",
            ["Cluster:Name"] = "embeddings-tests",
            ["Cluster:Port"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        if (settings is not null)
            builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        // A model kind is registered by the hosts that run the model (an inference node), not by CoreGrains.
        builder.Services.AddSingleton(EmbeddingKind.Registration);
        builder.AddEdrsEmbeddingModel();
        builder.AddEdrsEmbeddingClient();
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
        return new EmbeddingMember(host);
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
