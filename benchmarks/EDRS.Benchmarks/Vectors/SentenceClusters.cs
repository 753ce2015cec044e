namespace EDRS.Benchmarks.Vectors;

/// <summary>
/// Clusters around real sentence embeddings: a member is its centre plus Gaussian offsets along a few directions (each
/// from the centre towards another sentence's embedding) and a little isotropic noise, re-normalised; the offset scale
/// is calibrated so a member sits at a chosen cosine from its centre.
/// </summary>
internal sealed class SentenceClusters
{
    private const double IsotropicShare = 0.1;
    private readonly float[][][] directions;

    private SentenceClusters(float[][] centres, float[][][] directions, double scale)
    {
        Centres = centres;
        this.directions = directions;
        Scale = scale;
    }

    public float[][] Centres { get; }

    /// <summary>Standard deviation of the Gaussian offset along each direction.</summary>
    public double Scale { get; }

    public static SentenceClusters Calibrate(float[][] centres, int directionsPerCluster, double targetCosine)
    {
        var random = new Random(3);
        var directions = centres.Select((centre, c) => Enumerable.Range(0, directionsPerCluster).Select(_ =>
        {
            var other = centres[(c + 1 + random.Next(centres.Length - 1)) % centres.Length];
            // The part of (other - centre) orthogonal to the centre: moving along it changes meaning, not length.
            var d = new float[centre.Length];
            for (var i = 0; i < d.Length; i++)
                d[i] = other[i] - centre[i];
            var along = Dot(d, centre);
            for (var i = 0; i < d.Length; i++)
                d[i] -= along * centre[i];
            return Normalise(d);
        }).ToArray()).ToArray();

        // Offset norm r gives cosine ≈ 1/sqrt(1 + r²) to the centre; r² ≈ k·scale²·(1 + isotropic share²).
        var r2 = 1 / (targetCosine * targetCosine) - 1;
        var scale = Math.Sqrt(r2 / (directionsPerCluster * (1 + IsotropicShare * IsotropicShare)));
        return new SentenceClusters(centres, directions, scale);
    }

    public float[] Draw(Random random) => Member(random.Next(Centres.Length), random);

    public float[] Member(int cluster, Random random)
    {
        var centre = Centres[cluster];
        var v = (float[])centre.Clone();
        foreach (var direction in directions[cluster])
        {
            var g = (float)(Scale * Gaussian(random));
            for (var i = 0; i < v.Length; i++)
                v[i] += g * direction[i];
        }
        var isotropic = IsotropicShare * Scale * Math.Sqrt(directions[cluster].Length) / Math.Sqrt(v.Length);
        for (var i = 0; i < v.Length; i++)
            v[i] += (float)(isotropic * Gaussian(random));
        return Normalise(v);
    }

    public static float Dot(float[] a, float[] b)
    {
        var sum = 0f;
        for (var i = 0; i < a.Length; i++)
            sum += a[i] * b[i];
        return sum;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static float[] Normalise(float[] v)
    {
        var norm = MathF.Sqrt(Dot(v, v));
        for (var i = 0; i < v.Length; i++)
            v[i] /= norm;
        return v;
    }
}
