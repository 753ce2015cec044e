namespace EDRS.Vectors.Tests;

/// <summary>
/// Deterministic unit vectors: cluster centres uniformly on the sphere, members a centre plus Gaussian noise along a
/// few directions of their own (and a little everywhere), re-normalised. Like sentence embeddings, related vectors
/// differ along few meaningful directions; isotropic noise in 384 dimensions would make every member of a cluster
/// equally far from every other, which neither real data nor a useful nearest-neighbour test looks like.
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

    /// <summary>
    /// <paramref name="count"/> vectors drawn from <paramref name="clusters"/> new clusters (see <see cref="VectorClusters"/>).
    /// </summary>
    public List<float[]> Clustered(int count, int clusters, double spread) => Clusters(clusters, spread).Draw(count);

    /// <summary>New clusters to draw data and queries from alike.</summary>
    public VectorClusters Clusters(int clusters, double spread) => new(this, clusters, spread);

    internal double NextGaussian() => Gaussian();

    internal int Next(int max) => random.Next(max);

    internal int Dimensions => dimensions;

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

    internal static float[] Normalise(float[] v)
    {
        var norm = MathF.Sqrt(v.Sum(x => x * x));
        for (var i = 0; i < v.Length; i++)
            v[i] /= norm;
        return v;
    }
}
