namespace EDRS.Vectors.Tests;

/// <summary>
/// Deterministic unit vectors: cluster centres uniformly on the sphere, members a centre plus Gaussian noise,
/// re-normalised. Clustered like sentence embeddings (related texts sit near each other), unlike uniform noise.
/// </summary>
public sealed class TestVectors(int seed, int dimensions = MemoryRecord.Dimensions)
{
    private readonly Random random = new(seed);

    public float[] Unit()
    {
        var v = new float[dimensions];
        for (var i = 0; i < v.Length; i++)
            v[i] = Gaussian();
        return Normalise(v);
    }

    public float[] Near(float[] centre, double noise)
    {
        var v = new float[dimensions];
        for (var i = 0; i < v.Length; i++)
            v[i] = centre[i] + (float)(noise * Gaussian());
        return Normalise(v);
    }

    /// <summary><paramref name="count"/> vectors in <paramref name="clusters"/> clusters, spread <paramref name="noise"/> per dimension.</summary>
    public List<float[]> Clustered(int count, int clusters, double noise)
    {
        var centres = Enumerable.Range(0, clusters).Select(_ => Unit()).ToArray();
        return Enumerable.Range(0, count).Select(i => Near(centres[random.Next(clusters)], noise)).ToList();
    }

    public static float Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return (float)(dot / Math.Sqrt(na * nb));
    }

    private float Gaussian() => (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));

    private static float[] Normalise(float[] v)
    {
        var norm = MathF.Sqrt(v.Sum(x => x * x));
        for (var i = 0; i < v.Length; i++)
            v[i] /= norm;
        return v;
    }
}
