using EDRS.Actors.Inference;
using EDRS.Grains.Runtime;
using EDRS.Hosting.Cluster;
using EDRS.Models.Inference;
using EDRS.Testing;
using EDRS.Testing.Cluster;
using EDRS.Testing.Models;
using Grpc.Core;
using Microsoft.Extensions.AI;
using Proto.Cluster;

namespace EDRS.Models.Tests.Inference;

/// <summary>Placement by role: model kinds live only on inference members; without one, calls fail fast.</summary>
public sealed class PlacementTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Every_inference_activation_lands_on_the_inference_member_and_none_on_the_core_member()
    {
        await using var core = await TestMember.StartSeedMemberAsync(database.ConnectionString, seed: null);
        // A core member has no model of its own: it has one when an inference member is up.
        Assert.False(core.Service<IModelAvailability>().IsConfigured);
        Assert.Contains("MODEL_PATH", core.Service<IModelAvailability>().Message, StringComparison.Ordinal);
        await using var inference = await StartInferenceMemberAsync(core);
        await Eventually.TrueAsync(() => core.Grains.IsHosted(InferenceKind.Kind), "the inference kind is hosted");
        Assert.True(core.Service<IModelAvailability>().IsConfigured);

        var members = core.Cluster.MemberList.GetAllMembers();
        Assert.DoesNotContain(InferenceKind.Kind, members.Single(m => $"{m.Host}:{m.Port}" == core.Address).Kinds);
        Assert.Contains(InferenceKind.Kind, members.Single(m => $"{m.Host}:{m.Port}" == inference.Address).Kinds);
        Assert.Contains("persona", members.Single(m => $"{m.Host}:{m.Port}" == core.Address).Kinds);
        Assert.DoesNotContain("persona", members.Single(m => $"{m.Host}:{m.Port}" == inference.Address).Kinds);

        for (var replica = 0; replica < 12; replica++)
        {
            var identity = GrainIdentity.ForModel("inference", "default", $"r{replica}").ClusterIdentity;
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
        await using var core = await TestMember.StartSeedMemberAsync(database.ConnectionString, seed: null);
        var inference = await StartInferenceMemberAsync(core, new Dictionary<string, string?>
        {
            ["MAX_BATCH_SIZE"] = "1",
            ["MODEL_CONTEXT_SIZE"] = "65536",
        });
        await Eventually.TrueAsync(() => core.Grains.IsHosted(InferenceKind.Kind), "the inference kind is hosted");
        var grain = core.Grains.Inference("default", "0");
        using var inFlight = grain.Generate(Calls.Generate("talk forever", 65_000), deadline: Calls.Deadline(120));
        Assert.True(await inFlight.ResponseStream.MoveNext(CancellationToken.None));

        await inference.StopAsync();

        // The caller would wait two minutes; it learns at once that the grain's member went away.
        var broken = await Assert.ThrowsAsync<RpcException>(() => Calls.ReadAllAsync(inFlight));
        Assert.Equal(StatusCode.Unavailable, broken.StatusCode);

        await Eventually.TrueAsync(() => !core.Grains.IsHosted(InferenceKind.Kind), "the inference kind is hosted nowhere");
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
        await using var inference = await StartInferenceMemberAsync(seed: null, new Dictionary<string, string?>
        {
            ["MAX_BATCH_SIZE"] = "1",
            ["MODEL_CONTEXT_SIZE"] = "65536",
        });
        var caller = await TestMember.StartAsync(new MemberSpec { Kinds = MemberKinds.None, Provider = ClusterProviderKind.Seed, Seed = inference });
        await Eventually.TrueAsync(() => caller.Grains.IsHosted(InferenceKind.Kind), "the caller sees the inference kind");
        var endless = caller.Grains.Inference("default", "0").Generate(Calls.Generate("talk forever", 65_000), deadline: Calls.Deadline(600));
        Assert.True(await endless.ResponseStream.MoveNext(CancellationToken.None));

        await caller.StopAsync();

        // Only a cancelled generation frees the single slot for this request (the other would run for minutes).
        using var next = inference.Grains.Inference("default", "0").Generate(Calls.Generate("short one", 5), deadline: Calls.Deadline(120));
        Assert.Equal(5, (await Calls.ReadAllAsync(next))[^1].CompletionTokens);
    }

    /// <summary>An inference member of a seed cluster (the seed when <paramref name="seed"/> is null): the inference runner only, the tiny model, no journal.</summary>
    private static Task<TestMember> StartInferenceMemberAsync(TestMember? seed, IReadOnlyDictionary<string, string?>? settings = null) =>
        TestMember.StartAsync(new MemberSpec
        {
            Kinds = MemberKinds.Inference,
            Provider = ClusterProviderKind.Seed,
            Seed = seed,
            ModelPath = TinyModel.Path,
            Settings = settings ?? new Dictionary<string, string?>(),
        });
}
