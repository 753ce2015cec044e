using System.Security.Cryptography;
using System.Text;

namespace EDRS.Vectors.Qdrant;

/// <summary>
/// Qdrant point ids are unsigned integers or UUIDs; EDRS keys are strings scoped by owner. A point's id is the name-based
/// UUID (RFC 9562 version 5, SHA-1) of owner and key, so upsert, get and delete find a record without a lookup, and two
/// owners' records never collide in the shared collection. The key itself travels in the payload.
/// </summary>
internal static class QdrantPointIds
{
    // A fixed namespace for EDRS vector records (a random UUID chosen once; changing it re-keys every stored point).
    private static readonly byte[] Namespace = Guid.Parse("6f3c1f0e-8a54-4d7e-9a2b-2d6c1b7e5a90").ToByteArray(bigEndian: true);

    public static Guid For(string owner, string key)
    {
        var name = Encoding.UTF8.GetBytes(owner + "\n" + key);
        var input = new byte[Namespace.Length + name.Length];
        Namespace.CopyTo(input, 0);
        name.CopyTo(input, Namespace.Length);
        Span<byte> hash = stackalloc byte[20];
#pragma warning disable CA5350 // SHA-1 is what name-based UUIDs are defined with; nothing here needs collision resistance against an attacker.
        SHA1.HashData(input, hash);
#pragma warning restore CA5350
        var bytes = hash[..16].ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
