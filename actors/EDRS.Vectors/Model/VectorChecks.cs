namespace EDRS.Vectors.Model;

/// <summary>What makes a vector unusable for cosine similarity, checked the same way for records and queries.</summary>
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
}
