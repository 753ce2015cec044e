using System.Runtime.InteropServices;

namespace EDRS.Actors.Knowledge.Shards;

/// <summary>Embeddings as the bytes the journal stores (float32, little-endian) and back.</summary>
public static class ChunkVectors
{
    public static byte[] ToBytes(ReadOnlySpan<float> vector)
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("Chunk vectors are stored little-endian.");
        return MemoryMarshal.AsBytes(vector).ToArray();
    }

    public static float[] ToFloats(byte[] bytes)
    {
        if (bytes.Length % sizeof(float) != 0)
            throw new InvalidDataException($"A stored vector has {bytes.Length} bytes, not a whole number of floats.");
        return MemoryMarshal.Cast<byte, float>(bytes).ToArray();
    }

    /// <summary>Dot product: the cosine similarity of two unit vectors.</summary>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
            throw new ArgumentException($"Vectors of {a.Length} and {b.Length} components have no dot product.", nameof(b));
        var sum = 0f;
        for (var i = 0; i < a.Length; i++)
            sum += a[i] * b[i];
        return sum;
    }
}
