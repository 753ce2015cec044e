using EDRS.Actors.Embeddings;
using EDRS.Grains.Contracts.Embeddings;
using Proto.Cluster;

namespace EDRS.Embeddings.Tests;

/// <summary>Embedding calls crossing members: the request and the vectors travel over Proto.Remote (serialised).</summary>
public sealed class EmbeddingPlacementTests
{
    [Fact]
    public async Task A_member_without_the_model_embeds_through_the_member_that_runs_it()
    {
        await using var core = await EmbeddingMember.StartSeedMemberAsync(seed: null, runsModel: false);
        await using var inference = await EmbeddingMember.StartSeedMemberAsync(core, runsModel: true);
        await WaitUntilAsync(() => core.Cluster.MemberList.GetAllMembers().Length == 2 && inference.Cluster.MemberList.GetAllMembers().Length == 2);
        var texts = Sentences.Many(150);

        var remote = await core.Port.GenerateAsync(texts);
        var local = await inference.Grains.Embedding("all-MiniLM-L6-v2", 0).EmbedAsync(
            new EmbedRequest { Texts = { texts[..64] } }, deadline: DateTime.UtcNow.AddSeconds(30));

        Assert.Equal(texts.Length, remote.Count);
        for (var i = 0; i < 64; i++)
            Assert.True(Vectors.MaxAbsDifference(remote[i].Vector.Span, local.Vectors[i].Values.ToArray()) < 1e-5f, $"text {i}");
        var activation = await core.Cluster.GetAsync(EmbeddingIdentity.Of("all-MiniLM-L6-v2", 0), "embedding", CancellationToken.None);
        Assert.Equal(inference.Cluster.System.Address, activation?.Address);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The two members did not see each other within 30 s.");
            await Task.Delay(100);
        }
    }
}
