namespace EDRS.Vectors;

/// <summary>The naming rules for Qdrant collections derived from index kinds, in one place.</summary>
internal static class QdrantNames
{
    public static bool IsValidPrefix(string prefix) =>
        prefix.Length is >= 1 and <= 32 && prefix.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-');

    public static string CollectionFor(string prefix, VectorIndexName name) => prefix + name.Kind;
}
