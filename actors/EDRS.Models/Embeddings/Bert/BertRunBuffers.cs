using EDRS.Actors.Embeddings;

namespace EDRS.Models.Embeddings.Bert;

/// <summary>
/// The input and output memory of one model run in flight, allocated once for the largest batch and reused: ONNX Runtime
/// reads and writes these arrays in place (pinned for the run), so a run allocates no tensors.
/// </summary>
internal sealed class BertRunBuffers(int batchSize, int maxTokens, int dimensions)
{
    /// <summary>[batch, longest] word-piece ids; padding is id 0 ([PAD]).</summary>
    public long[] InputIds { get; } = new long[batchSize * maxTokens];

    /// <summary>[batch, longest]: 1 for a word piece, 0 for padding.</summary>
    public long[] AttentionMask { get; } = new long[batchSize * maxTokens];

    /// <summary>[batch, longest], always zero: one sequence per input.</summary>
    public long[] TokenTypeIds { get; } = new long[batchSize * maxTokens];

    /// <summary>[batch, longest, dimensions]: the model's last hidden state.</summary>
    public float[] Hidden { get; } = new float[batchSize * maxTokens * dimensions];
}
