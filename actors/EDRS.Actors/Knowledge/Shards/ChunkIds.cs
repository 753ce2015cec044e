using System.Globalization;

namespace EDRS.Actors.Knowledge.Shards;

/// <summary>
/// Chunk ids, <c>{documentId}:{version}:{index}</c>: a document id never holds ':', so the id parses back. A new version
/// has new chunk ids, which is what lets a shard swap a document's chunks in one step.
/// </summary>
public static class ChunkIds
{
    public static string Of(string documentId, long version, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{documentId}:{version}:{index}");

    /// <summary>The key of a document version's staging: <c>{documentId}:{version}</c>.</summary>
    public static string VersionKey(string documentId, long version) =>
        string.Create(CultureInfo.InvariantCulture, $"{documentId}:{version}");

    public static bool TryParse(string chunkId, out string documentId, out long version, out int index)
    {
        documentId = "";
        version = 0;
        index = 0;
        var last = chunkId.LastIndexOf(':');
        var first = last > 0 ? chunkId.LastIndexOf(':', last - 1) : -1;
        if (first <= 0)
            return false;
        if (!long.TryParse(chunkId.AsSpan(first + 1, last - first - 1), NumberStyles.None, CultureInfo.InvariantCulture, out version)
            || !int.TryParse(chunkId.AsSpan(last + 1), NumberStyles.None, CultureInfo.InvariantCulture, out index))
            return false;
        documentId = chunkId[..first];
        return true;
    }
}
