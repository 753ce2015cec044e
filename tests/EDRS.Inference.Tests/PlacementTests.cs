using EDRS.Actors.Inference;
using Grpc.Core;
using Microsoft.Extensions.AI;
using Proto.Cluster;

namespace EDRS.Inference.Tests;

/// <summary>Placement by role: model kinds live only on inference members; without one, calls fail fast.</summary>
public sealed class PlacementTests(InferenceDatabase database) : IClassFixture<InferenceDatabase>
{
    [Fact]
    public async Task Every_inference_activation_lands_on_the_inference_member_and_none_on_the_core_member()
    {
        await using var core = await ModelMember.StartCoreMemberAsync(database.ConnectionString, seed: null);
        // A core member has no model of its own: it has one when an inference member is up.
        Assert.False(core.Service<IModelAvailability>().IsConfigured);
        Assert.Contains("MODEL_PATH", core.Service<IModelAvailability>().Message, StringComparison.Ordinal);
        await using var inference = await ModelMember.StartInferenceMemberAsync(core);
        await WaitUntilAsync(() => core.Grains.IsHosted(InferenceKind.Kind));
        Assert.True(core.Service<IModelAvailability>().IsConfigured);

        var members = core.Cluster.MemberList.GetAllMembers();
        Assert.DoesNotContain(InferenceKind.Kind, members.Single(m => $"{m.Host}:{m.Port}" == core.Address).Kinds);
        Assert.Contains(InferenceKind.Kind, members.Single(m => $"{m.Host}:{m.Port}" == inference.Address).Kinds);
        Assert.Contains("persona", members.Single(m => $"{m.Host}:{m.Port}" == core.Address).Kinds);
        Assert.DoesNotContain("persona", members.Single(m => $"{m.Host}:{m.Port}" == inference.Address).Kinds);

        for (var replica = 0; replica < 12; replica++)
        {
            var identity = InferenceIdentity.Of("default", $"r{replica}");
            using var call = core.Grains.Inference("default", $"r{replica}").Generate(Calls.Generate($"hello {replica}", 4), deadline: Calls.Deadline());
            Assert.Equal(4, (await Calls.ReadAllAsync(call))[^1].CompletionTokens);
            var pid = await core.Cluster.GetAsync(ClusterIdentity.Create(identity, InferenceKind.Kind), CancellationToken.None);
            Assert.NotNull(pid);
            Assert.Equal(inference.Address, pid.Address);
        }

        // The ports on a core member reach the model on the inference member.
        var reply = await core.Service<IChatClient>().GetResponseAsync([new(ChatRole.User, "hi")], new ChatOptions { MaxOutputTokens = 6 });
        Assert.Equal(6, reply.Usage?.OutputTokenCount);
        Assert.True(await core.Service<ITokenCounter>().CountTokensAsync("hello", CancellationToken.None) > 0);
    }

    [Fact]
    public async Task With_the_inference_member_gone_streams_in_flight_and_new_calls_fail_fast_with_UNAVAILABLE()
    {
        await using var core = await ModelMember.StartCoreMemberAsync(database.ConnectionString, seed: null);
        var inference = await ModelMember.StartInferenceMemberAsync(core, new Dictionary<string, string?>
        {
            ["MAX_BATCH_SIZE"] = "1",
            ["MODEL_CONTEXT_SIZE"] = "65536",
        });
        await WaitUntilAsync(() => core.Grains.IsHosted(InferenceKind.Kind));
        var grain = core.Grains.Inference("default", "0");
        using var inFlight = grain.Generate(Calls.Generate("talk forever", 65_000), deadline: Calls.Deadline(120));
        Assert.True(await inFlight.ResponseStream.MoveNext(CancellationToken.None));

        await inference.StopAsync();

        // The caller would wait two minutes; it learns at once that the grain's member went away.
        var broken = await Assert.ThrowsAsync<RpcException>(() => Calls.ReadAllAsync(inFlight));
        Assert.Equal(StatusCode.Unavailable, broken.StatusCode);

        await WaitUntilAsync(() => !core.Grains.IsHosted(InferenceKind.Kind));
        using var next = grain.Generate(Calls.Generate("anyone there?", 4), deadline: Calls.Deadline(120));
        var error = await Assert.ThrowsAsync<RpcException>(() => Calls.ReadAllAsync(next));
        // UNAVAILABLE from the caller's side at once, not DEADLINE_EXCEEDED after two minutes of waiting.
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        var count = await Assert.ThrowsAsync<RpcException>(() => core.Service<ITokenCounter>().CountTokensAsync("hello", CancellationToken.None).AsTask());
        Assert.Equal(StatusCode.Unavailable, count.StatusCode);
    }

    [Fact]
    public async Task A_caller_member_that_goes_away_mid_stream_cancels_the_generation_and_frees_its_slot()
    {
        // The inference member is the seed here, so the caller can leave alone; one request runs at a time.
        await using var inference = await ModelMember.StartSeedInferenceMemberAsync(new Dictionary<string, string?>
        {
            ["MAX_BATCH_SIZE"] = "1",
            ["MODEL_CONTEXT_SIZE"] = "65536",
        });
        var caller = await ModelMember.StartCallerMemberAsync(inference);
        await WaitUntilAsync(() => caller.Grains.IsHosted(InferenceKind.Kind));
        var endless = caller.Grains.Inference("default", "0").Generate(Calls.Generate("talk forever", 65_000), deadline: Calls.Deadline(600));
        Assert.True(await endless.ResponseStream.MoveNext(CancellationToken.None));

        await caller.StopAsync();

        // Only a cancelled generation frees the single slot for this request (the other would run for minutes).
        using var next = inference.Grains.Inference("default", "0").Generate(Calls.Generate("short one", 5), deadline: Calls.Deadline(120));
        Assert.Equal(5, (await Calls.ReadAllAsync(next))[^1].CompletionTokens);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the cluster did not settle within 30 s");
            await Task.Delay(50);
        }
    }
}
