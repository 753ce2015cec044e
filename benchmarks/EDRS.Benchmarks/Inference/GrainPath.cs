using System.Diagnostics;
using System.Globalization;
using EDRS.Actors.Inference;
using EDRS.Grains.Contracts.Inference;
using EDRS.Grains.Runtime;
using EDRS.Hosting.Cluster;
using EDRS.Models.Inference;
using EDRS.Testing;
using EDRS.Testing.Cluster;
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
internal sealed class GrainPath(TestMember caller, TestMember inference, Contract.InferenceGrainClient grain) : IAsyncDisposable
{
    public static async Task<GrainPath> StartAsync(string modelPath)
    {
        var caller = await TestMember.StartAsync(Member(MemberKinds.None, seed: null, modelPath));
        var inference = await TestMember.StartAsync(Member(MemberKinds.Inference, caller, modelPath));
        await Eventually.TrueAsync(() => caller.Grains.IsHosted(InferenceKind.Kind), "the inference member joined");
        return new GrainPath(caller, inference, caller.Grains.Inference("default", "0"));
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
        await inference.DisposeAsync();
        await caller.DisposeAsync();
    }

    /// <summary>A member of the benchmark's seed cluster (<paramref name="seed"/> null: the seed), the model's context as the other paths have it.</summary>
    private static MemberSpec Member(MemberKinds kinds, TestMember? seed, string modelPath) => new()
    {
        Kinds = kinds,
        Provider = ClusterProviderKind.Seed,
        Seed = seed,
        ClusterName = "inference-benchmark",
        HeartbeatExpiration = null,
        ModelPath = modelPath,
        Settings = new Dictionary<string, string?>
        {
            ["MAX_BATCH_SIZE"] = InferenceBenchmark.Batch.ToString(CultureInfo.InvariantCulture),
            ["MODEL_CONTEXT_SIZE"] = "2048",
        },
    };
}
