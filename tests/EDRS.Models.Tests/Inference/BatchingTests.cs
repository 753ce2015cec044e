using EDRS.Actors.Inference;
using EDRS.Grains.Contracts.Inference;
using EDRS.Grains.Runtime;
using EDRS.Models.Inference;
using EDRS.Testing;
using Grpc.Core;

namespace EDRS.Models.Tests.Inference;

/// <summary>The inference grain's queue: batches of MAX_BATCH_SIZE, load shedding, timeout and cancellation.</summary>
public sealed class BatchingTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Theory]
    [InlineData(8)]
    [InlineData(20)]
    public async Task Concurrent_requests_are_served_in_ceil_N_over_8_model_batches(int requests)
    {
        // A batch that is not full waits (up to 3 s here) for more requests: all N arrive within it.
        await using var member = await DevelopmentNode.StartAsync(database.ConnectionString, new Dictionary<string, string?>
        {
            ["MAX_BATCH_SIZE"] = "8",
            ["INFERENCE_BATCH_WINDOW_MS"] = "3000",
        });
        var replica = $"batching-{requests}";
        using var counter = new BatchCounter(GrainIdentity.ForModel("inference", "default", replica).ClusterIdentity);
        var grain = member.Grains.Inference("default", replica);

        var replies = await Task.WhenAll(Enumerable.Range(0, requests).Select(async i =>
        {
            using var call = grain.Generate(Calls.Generate($"request {i}", 16), deadline: Calls.Deadline(60));
            return await Calls.ReadAllAsync(call);
        }));

        Assert.All(replies, chunks => Assert.Equal(16, chunks[^1].CompletionTokens));
        Assert.Equal((requests + 7) / 8, counter.Batches);
        // A batch really is one model batch: llama.cpp decoded all 8 sequences in the same decode call.
        Assert.Equal(8, member.Service<ModelBackend>().Engine!.PeakSequencesPerDecode);
    }

    [Fact]
    public async Task A_full_queue_sheds_load_with_RESOURCE_EXHAUSTED_and_a_retry_hint_and_a_cancelled_request_frees_its_place()
    {
        // One request runs at a time (and the first one practically never ends); two may wait.
        await using var member = await DevelopmentNode.StartAsync(database.ConnectionString, new Dictionary<string, string?>
        {
            ["MAX_BATCH_SIZE"] = "1",
            ["INFERENCE_QUEUE_CAPACITY"] = "2",
            ["MODEL_CONTEXT_SIZE"] = "65536",
            ["INFERENCE_BATCH_WINDOW_MS"] = "0",
        });
        var grain = member.Grains.Inference("default", "shedding");
        using var stopRunning = new CancellationTokenSource();
        using var running = grain.Generate(Calls.Generate("talk forever", 65_000), deadline: Calls.Deadline(120), cancellationToken: stopRunning.Token);
        Assert.True(await running.ResponseStream.MoveNext(CancellationToken.None));

        // Four more: two wait, two are shed — whichever order they arrive in.
        var cancels = Enumerable.Range(0, 4).Select(_ => new CancellationTokenSource()).ToList();
        var waiting = cancels.Select((cancel, i) => StartAsync(grain, $"wait {i}", 4, cancel.Token)).ToList();
        var shed = await FirstFailuresAsync(waiting, 2);
        Assert.All(shed, error =>
        {
            Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
            Assert.True(GrainFaults.RetryAfterOf(error) >= TimeSpan.FromSeconds(1));
        });
        var queued = waiting.Where(t => !t.IsCompleted).ToList();
        Assert.Equal(2, queued.Count);

        // Cancelling one waiting request frees its place at once: of two newcomers, exactly one is queued.
        await cancels[waiting.IndexOf(queued[0])].CancelAsync();
        Assert.Equal(StatusCode.Cancelled, (await Assert.ThrowsAsync<RpcException>(() => queued[0])).StatusCode);
        var newcomers = new[] { StartAsync(grain, "new 0", 4, CancellationToken.None), StartAsync(grain, "new 1", 4, CancellationToken.None) };
        Assert.Equal(StatusCode.ResourceExhausted, Assert.Single(await FirstFailuresAsync(newcomers.ToList(), 1)).StatusCode);

        // Ending the running request lets the queue drain: the waiting ones complete.
        await stopRunning.CancelAsync();
        Assert.Equal(4, (await queued[1])[^1].CompletionTokens);
        Assert.Equal(4, (await newcomers.Single(t => !t.IsFaulted))[^1].CompletionTokens);
        foreach (var cancel in cancels)
            cancel.Dispose();
    }

    [Fact]
    public async Task A_generation_past_INFERENCE_TIMEOUT_SECONDS_is_stopped_with_DEADLINE_EXCEEDED_and_frees_its_slot()
    {
        await using var member = await DevelopmentNode.StartAsync(database.ConnectionString, new Dictionary<string, string?>
        {
            ["MAX_BATCH_SIZE"] = "1",
            ["INFERENCE_TIMEOUT_SECONDS"] = "1",
            ["MODEL_CONTEXT_SIZE"] = "65536",
        });
        var grain = member.Grains.Inference("default", "timeout");

        // The caller would wait a minute; the grain stops the generation at its own 1 s limit.
        using var endless = grain.Generate(Calls.Generate("talk forever", 65_000), deadline: Calls.Deadline(60));
        var error = await Assert.ThrowsAsync<RpcException>(() => Calls.ReadAllAsync(endless));
        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.Contains("INFERENCE_TIMEOUT_SECONDS", error.Status.Detail, StringComparison.Ordinal);

        // With one slot, only a freed slot lets this run.
        using var next = grain.Generate(Calls.Generate("short one", 5), deadline: Calls.Deadline(60));
        Assert.Equal(5, (await Calls.ReadAllAsync(next))[^1].CompletionTokens);
    }

    private static async Task<List<GenerateChunk>> StartAsync(Grains.Contracts.Inference.InferenceGrain.InferenceGrainClient grain, string prompt, int maxTokens, CancellationToken cancellationToken)
    {
        using var call = grain.Generate(Calls.Generate(prompt, maxTokens), deadline: Calls.Deadline(120), cancellationToken: cancellationToken);
        return await Calls.ReadAllAsync(call, CancellationToken.None);
    }

    /// <summary>Waits until <paramref name="count"/> of the calls have failed and returns their errors.</summary>
    private static async Task<List<RpcException>> FirstFailuresAsync(List<Task<List<GenerateChunk>>> calls, int count)
    {
        var pending = calls.ToList();
        var failures = new List<RpcException>();
        while (failures.Count < count)
        {
            var done = await Task.WhenAny(pending).WaitAsync(TimeSpan.FromSeconds(60));
            pending.Remove(done);
            failures.Add(await Assert.ThrowsAsync<RpcException>(() => done));
        }
        return failures;
    }
}
