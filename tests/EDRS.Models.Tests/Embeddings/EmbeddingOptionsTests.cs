using EDRS.Actors.Embeddings;
using EDRS.Models.Embeddings.MiniLm;

namespace EDRS.Models.Tests.Embeddings;

public sealed class EmbeddingOptionsTests
{
    [Fact]
    public void The_defaults_are_valid_and_match_the_model()
    {
        var options = new EmbeddingOptions();

        Assert.Empty(options.Validate());
        Assert.Equal((16, 256, EmbeddingExecutionProvider.Cpu, 1), (options.BatchSize, options.MaxSequenceLength, options.ExecutionProvider, options.IntraOpThreads));
        Assert.Equal(Environment.ProcessorCount, options.EffectiveConcurrentRuns);
    }

    [Theory]
    [InlineData(0, 256, 1, 2, "Embeddings__BatchSize")]
    [InlineData(257, 256, 1, 2, "Embeddings__BatchSize")]
    [InlineData(32, 512, 1, 2, "Embeddings__MaxSequenceLength")]
    [InlineData(32, 4, 1, 2, "Embeddings__MaxSequenceLength")]
    [InlineData(32, 256, 0, 2, "Embeddings__IntraOpThreads")]
    [InlineData(32, 256, 1, 0, "Embeddings__Replicas")]
    public void A_bad_value_is_refused_with_the_variable_to_set(int batchSize, int maxSequenceLength, int threads, int replicas, string variable)
    {
        var options = new EmbeddingOptions { BatchSize = batchSize, MaxSequenceLength = maxSequenceLength, IntraOpThreads = threads, Replicas = replicas };

        var problem = Assert.Single(options.Validate());
        Assert.Contains(variable, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_CUDA_provider_on_a_build_without_it_fails_at_load_saying_what_to_install_or_set()
    {
        // This machine has no GPU and restores the CPU build of ONNX Runtime: CUDA can only be refused here, clearly.
        var error = Assert.Throws<InvalidOperationException>(() =>
            new MiniLmEmbeddingGenerator(new EmbeddingOptions { ExecutionProvider = EmbeddingExecutionProvider.Cuda }));

        Assert.Contains("Embeddings__ExecutionProvider", error.Message, StringComparison.Ordinal);
        Assert.Contains("Microsoft.ML.OnnxRuntime.Gpu.Linux", error.Message, StringComparison.Ordinal);
    }
}
