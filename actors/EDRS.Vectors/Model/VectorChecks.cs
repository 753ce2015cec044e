namespace EDRS.Vectors.Model;

/// <summary>
/// What makes a vector unusable for cosine similarity, checked the same way for records and queries; and unit scaling.
/// Both stores keep vectors at unit length (Qdrant normalises cosine vectors on upsert; the member does the same), so
/// a vector read back is the unit-length version of what was written and similarity is a plain dot product.
/// </summary>
internal static class VectorChecks
{
    public static void ThrowIfUnusable(ReadOnlySpan<float> vector, int dimensions, string what)
    {
        if (vector.Length != dimensions)
            throw new ArgumentException($"{what} has {vector.Length} dimensions; the index expects {dimensions}.");
        var squares = 0.0;
        foreach (var x in vector)
        {
            if (!float.IsFinite(x))
                throw new ArgumentException($"{what} contains NaN or infinity.");
            squares += (double)x * x;
        }
        if (squares == 0)
            throw new ArgumentException($"{what} is all zeros; cosine similarity is undefined for it.");
    }

    public static float[] Normalise(float[] vector)
    {
        var squares = 0.0;
        foreach (var x in vector)
            squares += (double)x * x;
        var scale = (float)(1 / Math.Sqrt(squares));
        for (var i = 0; i < vector.Length; i++)
            vector[i] *= scale;
        return vector;
    }
}
