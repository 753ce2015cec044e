namespace EDRS.Models.Embeddings.Bert;

/// <summary>
/// What <see cref="BertEmbeddingGenerator"/> needs to know about one BERT-family sentence model: its name, vector length,
/// longest input, pooling, the instruction put before queries (null: none), and where its ONNX file and WordPiece
/// vocabulary come from.
/// </summary>
public sealed record BertSentenceModel(
    string Name,
    int Dimensions,
    int MaxSequenceLength,
    SentencePooling Pooling,
    string? QueryPrefix,
    Func<byte[]> ReadModel,
    Func<TextReader> OpenVocabulary);
