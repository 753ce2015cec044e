using System.Numerics;
using System.Runtime.InteropServices;

namespace EDRS.Vectors.InMember;

/// <summary>The dot products of the exact search, vectorised with <see cref="Vector{T}"/>.</summary>
internal static class VectorMath
{
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var width = Vector<float>.Count;
        var va = MemoryMarshal.Cast<float, Vector<float>>(a);
        var vb = MemoryMarshal.Cast<float, Vector<float>>(b);
        var sum0 = Vector<float>.Zero;
        var sum1 = Vector<float>.Zero;
        var i = 0;
        for (; i + 1 < va.Length; i += 2)
        {
            sum0 += va[i] * vb[i];
            sum1 += va[i + 1] * vb[i + 1];
        }
        if (i < va.Length)
            sum0 += va[i] * vb[i];
        var dot = Vector.Dot(sum0 + sum1, Vector<float>.One);
        for (var j = va.Length * width; j < a.Length; j++)
            dot += a[j] * b[j];
        return dot;
    }
}
