namespace EDRS.Models.Tests.Embeddings;

public static class Vectors
{
    public static float Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b) =>
        System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(a, b);

    public static float MaxAbsDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Assert.Equal(a.Length, b.Length);
        var max = 0f;
        for (var i = 0; i < a.Length; i++)
            max = MathF.Max(max, MathF.Abs(a[i] - b[i]));
        return max;
    }
}
