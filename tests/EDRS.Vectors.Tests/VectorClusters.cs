namespace EDRS.Vectors.Tests;

/// <summary>
/// Clusters of unit vectors: a centre each, and 8 directions of its own along which members are offset by Gaussian
/// amounts of standard deviation <c>spread</c> (0.15 puts members near cosine 0.9 to their centre), plus a little
/// isotropic noise, re-normalised. Data and queries drawn from the same clusters have real nearest neighbours.
/// </summary>
public sealed class VectorClusters
{
    private const int Directions = 8;
    private readonly TestVectors source;
    private readonly float[][] centres;
    private readonly float[][][] directions;
    private readonly double spread;

    internal VectorClusters(TestVectors source, int clusters, double spread)
    {
        this.source = source;
        this.spread = spread;
        centres = Enumerable.Range(0, clusters).Select(_ => source.Unit()).ToArray();
        directions = Enumerable.Range(0, clusters).Select(_ => Enumerable.Range(0, Directions).Select(_ => source.Unit()).ToArray()).ToArray();
    }

    public List<float[]> Draw(int count) => Enumerable.Range(0, count).Select(_ => Member(source.Next(centres.Length))).ToList();

    private float[] Member(int cluster)
    {
        var v = (float[])centres[cluster].Clone();
        foreach (var direction in directions[cluster])
        {
            var g = (float)(spread * source.NextGaussian());
            for (var i = 0; i < v.Length; i++)
                v[i] += g * direction[i];
        }
        var isotropic = 0.1 * spread / Math.Sqrt(source.Dimensions);
        for (var i = 0; i < v.Length; i++)
            v[i] += (float)(isotropic * source.NextGaussian());
        return TestVectors.Normalise(v);
    }
}
