using System.Diagnostics;
using System.Globalization;
using EDRS.Actors.Inference;
using EDRS.Grains.Contracts.Inference;
using EDRS.Grains.Runtime;
using EDRS.Hosting.Cluster;
using EDRS.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Contract = EDRS.Grains.Contracts.Inference.InferenceGrain;

namespace EDRS.Benchmarks.Inference;

/// <summary>
/// Through the inference grain: a caller member (hosting nothing, like a gateway in a cluster) streams 8 concurrent
/// Generate calls from an inference member (model kinds only) over Proto.Remote on loopback.
/// </summary>
internal sealed class GrainPath(IHost caller, IHost inference, Contract.InferenceGrainClient grain) : IAsyncDisposable
{
    public static async Task<GrainPath> StartAsync(string modelPath)
    {
        var seedPort = FreePorts.Next();
        var caller = await StartMemberAsync(seedPort, null, [], modelPath);
        var inference = await StartMemberAsync(FreePorts.Next(), seedPort, HostedGrainKinds.Models, modelPath);
        var grains = caller.Services.GetRequiredService<GrainClients>();
        var settle = Stopwatch.StartNew();
        while (!grains.IsHosted(InferenceKind.Kind))
        {
            if (settle.Elapsed > TimeSpan.FromSeconds(30))
                throw new InvalidOperationException("The inference member did not join within 30 s.");
            await Task.Delay(50);
        }
        return new GrainPath(caller, inference, grains.Inference("default", "0"));
    }

    public async Task<long> RoundAsync()
    {
        var counts = await Task.WhenAll(Enumerable.Range(0, InferenceBenchmark.Batch).Select(async i =>
        {
            var request = new GenerateRequest { RequestId = Guid.NewGuid().ToString("N"), MaxTokens = InferenceBenchmark.TokensPerRequest };
            request.Messages.Add(new ChatTurn { Role = "user", Text = InferenceBenchmark.Prompt(i) });
            using var call = grain.Generate(request, deadline: DateTime.UtcNow.AddSeconds(60));
            var last = new GenerateChunk();
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
                last = call.ResponseStream.Current;
            return (long)last.CompletionTokens;
        }));
        return counts.Sum();
    }

    public async ValueTask DisposeAsync()
    {
        await inference.StopAsync();
        inference.Dispose();
        await caller.StopAsync();
        caller.Dispose();
    }

    private static async Task<IHost> StartMemberAsync(int port, int? seedPort, IReadOnlyList<GrainKindRegistration> kinds, string modelPath)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cluster:Name"] = "inference-benchmark",
            ["Cluster:Provider"] = "Seed",
            ["Cluster:Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Cluster:IsSeed"] = seedPort is null ? "true" : "false",
            ["Cluster:SeedAddress"] = seedPort is { } seed ? $"127.0.0.1:{seed}" : null,
            ["MODEL_PATH"] = modelPath,
            ["MAX_BATCH_SIZE"] = InferenceBenchmark.Batch.ToString(CultureInfo.InvariantCulture),
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.AddEdrsCluster(_ => kinds);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
