using EDRS.Actors.Embeddings;
using EDRS.Models.Embeddings.Bert;
using Microsoft.Extensions.Logging;

namespace EDRS.Models.Embeddings.ArcticXs;

/// <summary>
/// snowflake-arctic-embed-xs (384-d, [CLS] pooling) on <see cref="BertEmbeddingGenerator"/>. Trained with an instruction
/// before queries and none before passages, as its model card says: texts embedded as queries
/// (<see cref="EmbeddingInputs.ForQueries"/>) get <see cref="QueryPrefix"/>.
/// </summary>
public sealed class ArcticXsEmbeddingGenerator(EmbeddingOptions options, ILogger<ArcticXsEmbeddingGenerator>? logger = null)
    : BertEmbeddingGenerator(Spec, options, logger)
{
    /// <summary>Length of every vector.</summary>
    public const int Dimensions = 384;

    /// <summary>The instruction the model expects before a query.</summary>
    public const string QueryPrefix = "Represent this sentence for searching relevant passages: ";

    /// <summary>The model reads at most 512 word pieces; <see cref="EmbeddingOptions.MaxSequenceLength"/> may cut earlier.</summary>
    public const int MaxSequenceLength = 512;

    /// <summary>The model as the generator runs it.</summary>
    public static BertSentenceModel Spec { get; } = new(
        EmbeddingOptions.ArcticXsModel, Dimensions, MaxSequenceLength, SentencePooling.Cls, QueryPrefix,
        ArcticXsResources.ReadModel, ArcticXsResources.OpenVocabulary);
}
