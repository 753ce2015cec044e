using EDRS.Actors.Embeddings;
using EDRS.Grains.Contracts.Embeddings;
using EDRS.Grains.Runtime;
using EDRS.Testing;
using EDRS.Testing.Cluster;
using Microsoft.Extensions.AI;
using Proto.Cluster;

namespace EDRS.Models.Tests.Embeddings;

/// <summary>Embedding calls crossing members: the request and the vectors travel over Proto.Remote (serialised).</summary>
public sealed class EmbeddingPlacementTests
{
    [Fact]
    public async Task A_member_without_the_model_embeds_through_the_member_that_runs_it()
    {
        await using var core = await TestMember.StartSeedMemberAsync(journal: null, seed: null, MemberKinds.None);
        await using var inference = await TestMember.StartSeedMemberAsync(journal: null, core, MemberKinds.Embedding);
        await Eventually.TrueAsync(() => core.Cluster.MemberList.GetAllMembers().Length == 2 && inference.Cluster.MemberList.GetAllMembers().Length == 2,
            "the two members see each other");
        var texts = Sentences.Many(150);

        var remote = await core.Service<IEmbeddingGenerator<string, Embedding<float>>>().GenerateAsync(texts);
        var local = await inference.Grains.Embedding("all-MiniLM-L6-v2", 0).EmbedAsync(
            new EmbedRequest { Texts = { texts[..64] } }, deadline: DateTime.UtcNow.AddSeconds(30));

        Assert.Equal(texts.Length, remote.Count);
        for (var i = 0; i < 64; i++)
            Assert.True(Vectors.MaxAbsDifference(remote[i].Vector.Span, local.Vectors[i].Values.ToArray()) < 1e-5f, $"text {i}");
        var activation = await core.Cluster.GetAsync(GrainIdentity.ForModel("embedding", "all-MiniLM-L6-v2", "0").ClusterIdentity, "embedding", CancellationToken.None);
        Assert.Equal(inference.Cluster.System.Address, activation?.Address);
    }
}
