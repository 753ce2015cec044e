using EDRS.Actors.Embeddings;
using EDRS.Models.Embeddings.MiniLm;
using Microsoft.Extensions.AI;

namespace EDRS.Models.Tests.Embeddings;

/// <summary>The real all-MiniLM-L6-v2 model in our own ONNX Runtime session.</summary>
public sealed class MiniLmEncoderTests(MiniLmFixture model) : IClassFixture<MiniLmFixture>
{
    [Fact]
    public async Task Paraphrases_score_clearly_higher_cosine_than_unrelated_sentences()
    {
        (string A, string B)[] paraphrases =
        [
            ("The meeting was moved to Monday morning.", "We rescheduled the meeting for Monday morning."),
            ("Bob prefers to be contacted by email.", "Email is Bob's preferred way to be reached."),
            ("The server crashed because it ran out of memory.", "An out-of-memory error brought the server down."),
        ];
        string[] unrelated = ["Penguins cannot fly, but they swim well.", "The recipe needs two cups of flour.", "Lisbon is mild in winter."];

        foreach (var (a, b) in paraphrases)
        {
            var vectors = await model.Ours.GenerateAsync([a, b, .. unrelated]);
            var paraphrase = Vectors.Cosine(vectors[0].Vector.Span, vectors[1].Vector.Span);
            var best = Enumerable.Range(2, unrelated.Length).Max(i => Vectors.Cosine(vectors[0].Vector.Span, vectors[i].Vector.Span));
            Assert.True(paraphrase > 0.7f, $"'{a}' ~ '{b}': cosine {paraphrase}");
            Assert.True(best < 0.3f, $"'{a}' vs unrelated: cosine {best}");
            Assert.True(paraphrase - best > 0.4f, $"'{a}': paraphrase {paraphrase}, unrelated {best}");
        }
    }

    [Fact]
    public async Task Every_vector_has_384_dimensions_and_unit_length_and_names_the_model()
    {
        var vectors = await model.Ours.GenerateAsync(Sentences.Mixed);

        Assert.Equal(Sentences.Mixed.Length, vectors.Count);
        Assert.All(vectors, v =>
        {
            Assert.Equal(384, v.Dimensions);
            Assert.Equal("all-MiniLM-L6-v2", v.ModelId);
            Assert.InRange(System.Numerics.Tensors.TensorPrimitives.Norm(v.Vector.Span), 0.9999f, 1.0001f);
        });
        Assert.True(vectors.Usage?.InputTokenCount > Sentences.Mixed.Length * 2);
        var metadata = model.Ours.GetService<EmbeddingGeneratorMetadata>();
        Assert.Equal(("all-MiniLM-L6-v2", 384), (metadata!.DefaultModelId, metadata.DefaultModelDimensions));
    }

    [Fact]
    public async Task Batch_and_single_encodes_agree_within_1e_5()
    {
        // 50 texts: two full batches of 32 and a partial one, each padded to its own longest text.
        var texts = Sentences.Many(50);
        var batch = await model.Ours.GenerateAsync(texts);

        for (var i = 0; i < texts.Length; i++)
        {
            var single = await model.Ours.GenerateAsync([texts[i]]);
            var difference = Vectors.MaxAbsDifference(batch[i].Vector.Span, single[0].Vector.Span);
            Assert.True(difference < 1e-5f, $"text {i}: batch and single differ by {difference}");
        }
    }

    [Fact]
    public async Task Our_vectors_match_the_SentenceTransformers_MiniLM_packages_own_encoder()
    {
        var ours = await model.Ours.GenerateAsync(Sentences.Ascii);
        var theirs = model.Package.Encode(Sentences.Ascii);

        Assert.True(Sentences.Ascii.Length >= 18);
        for (var i = 0; i < Sentences.Ascii.Length; i++)
        {
            var difference = Vectors.MaxAbsDifference(ours[i].Vector.Span, theirs[i]);
            Assert.True(difference < 1e-5f, $"'{Sentences.Ascii[i]}': ours and the package's differ by {difference}");
        }
    }

    [Fact]
    public async Task Accents_are_stripped_as_BERT_uncased_does()
    {
        // bert-base-uncased (and so all-MiniLM-L6-v2) lowercases and strips accents: these are the same word pieces.
        var vectors = await model.Ours.GenerateAsync(["Café crème, naïve résumé façade.", "cafe creme, naive resume facade."]);

        var difference = Vectors.MaxAbsDifference(vectors[0].Vector.Span, vectors[1].Vector.Span);
        Assert.True(difference < 1e-5f, $"differ by {difference}; tokens {vectors.Usage?.InputTokenCount}");
    }

    [Fact]
    public async Task Concurrent_callers_each_get_the_vectors_of_their_own_texts()
    {
        var sets = Enumerable.Range(0, 6).Select(k => Sentences.Many(10 + k).Skip(k).ToArray()).ToArray();
        var expected = new List<GeneratedEmbeddings<Embedding<float>>>();
        foreach (var set in sets)
            expected.Add(await model.Ours.GenerateAsync(set));

        var concurrent = await Task.WhenAll(sets.Select(set => Task.Run(() => model.Ours.GenerateAsync(set))));

        for (var k = 0; k < sets.Length; k++)
        {
            Assert.Equal(sets[k].Length, concurrent[k].Count);
            for (var i = 0; i < sets[k].Length; i++)
                Assert.True(Vectors.MaxAbsDifference(expected[k][i].Vector.Span, concurrent[k][i].Vector.Span) < 1e-5f, $"set {k} text {i}");
        }
    }

    [Fact]
    public async Task A_text_longer_than_the_model_reads_is_cut_at_the_maximum_sequence_length()
    {
        // Each "word" is one word piece: 300 of them exceed the 256 the model reads ([CLS] + 254 + [SEP]).
        var words = Enumerable.Range(0, 300).Select(i => i % 2 == 0 ? "red" : "blue").ToArray();
        var vectors = await model.Ours.GenerateAsync([string.Join(' ', words), string.Join(' ', words.Take(254))]);

        Assert.True(vectors.Usage?.InputTokenCount == 512, $"tokens: {vectors.Usage?.InputTokenCount}");
        Assert.True(Vectors.MaxAbsDifference(vectors[0].Vector.Span, vectors[1].Vector.Span) < 1e-5f);
    }

    [Fact]
    public async Task An_empty_call_returns_no_vectors_and_a_cancelled_one_throws()
    {
        Assert.Empty(await model.Ours.GenerateAsync([]));

        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => model.Ours.GenerateAsync(Sentences.Mixed, cancellationToken: cancelled.Token));
        await Assert.ThrowsAsync<ArgumentException>(() => model.Ours.GenerateAsync(["a", null!]));
        await Assert.ThrowsAsync<ArgumentException>(() => model.Ours.GenerateAsync(["a"], new EmbeddingGenerationOptions { Dimensions = 768 }));
    }
}
