namespace EDRS.Actors.Embeddings;

/// <summary>Where ONNX Runtime runs the embedding model.</summary>
public enum EmbeddingExecutionProvider
{
    /// <summary>ONNX Runtime's CPU provider (the package this repository restores).</summary>
    Cpu,

    /// <summary>
    /// NVIDIA GPUs through ONNX Runtime's CUDA provider. Needs the GPU build of ONNX Runtime
    /// (<c>Microsoft.ML.OnnxRuntime.Gpu.Linux</c>) in the image and CUDA 13 + cuDNN on the node.
    /// </summary>
    Cuda,
}
