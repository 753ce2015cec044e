using System.Net;
using EDRS.Testing.Http;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Qdrant.Client;
using Qdrant.Client.Grpc;

namespace EDRS.Testing.Qdrant;

/// <summary>
/// A test double of a Qdrant server: Qdrant's gRPC API (the parts the adapter calls) on a loopback port, over the
/// message types of the Qdrant.Client package. No Qdrant server can run where the tests run; this speaks the same
/// protocol, so the adapter under test is the production one, talking gRPC over HTTP/2.
/// </summary>
public sealed class QdrantServerDouble : IAsyncDisposable
{
    private readonly WebApplication app;

    private QdrantServerDouble(WebApplication app, QdrantDoubleState state, Uri address)
    {
        this.app = app;
        State = state;
        Address = address;
    }

    /// <summary>The double's gRPC address (what <c>Vectors:Qdrant:Url</c> would hold).</summary>
    public Uri Address { get; }

    public QdrantDoubleState State { get; }

    /// <summary>Starts a double; with <paramref name="apiKey"/> it refuses requests that do not carry that key.</summary>
    public static async Task<QdrantServerDouble> StartAsync(string? apiKey = null)
    {
        var port = FreePorts.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.DropAppSettings();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2));
        var state = new QdrantDoubleState(apiKey);
        builder.Services.AddSingleton(state);
        builder.Services.AddGrpc();
        var app = builder.Build();
        app.MapGrpcService<QdrantCollectionsServiceDouble>();
        app.MapGrpcService<QdrantPointsServiceDouble>();
        await app.StartAsync().ConfigureAwait(false);
        return new QdrantServerDouble(app, state, new Uri($"http://127.0.0.1:{port}"));
    }

    /// <summary>A client of the double as production builds one (address and key).</summary>
    public QdrantClient NewClient(string? apiKey = null) => new(Address, apiKey);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }
}
