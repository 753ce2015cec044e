using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EDRS.Actors.Knowledge;

/// <summary>
/// Where a collection's documents live: shard n of collection c is the grain key <c>{c}.s{n}</c> (an entity id, since
/// collection ids are at most 60 characters and n &lt; 64), and a document goes to the shard its id hashes to. The hash is
/// SHA-256's first four bytes, so placement is the same in every process and release.
/// </summary>
public static class ShardKeys
{
    private const string Separator = ".s";

    public static string Of(string collectionId, int shard) =>
        string.Create(CultureInfo.InvariantCulture, $"{collectionId}{Separator}{shard}");

    /// <summary>The shard of <paramref name="documentId"/> in a collection of <paramref name="shards"/> shards.</summary>
    public static int ShardOf(string documentId, int shards)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(documentId), hash);
        return (int)(BitConverter.ToUInt32(hash) % (uint)shards);
    }

    /// <summary>Reads a shard key back into its collection and shard number.</summary>
    public static bool TryParse(string shardKey, out string collectionId, out int shard)
    {
        collectionId = "";
        shard = -1;
        var at = shardKey.LastIndexOf(Separator, StringComparison.Ordinal);
        if (at <= 0 || !int.TryParse(shardKey.AsSpan(at + Separator.Length), NumberStyles.None, CultureInfo.InvariantCulture, out shard)
            || shard >= KnowledgeLimits.MaxShards)
            return false;
        collectionId = shardKey[..at];
        return true;
    }
}
