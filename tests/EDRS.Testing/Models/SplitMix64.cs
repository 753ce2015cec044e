namespace EDRS.Testing.Models;

/// <summary>SplitMix64: a fixed-seed generator, so the same seed always writes the same bytes.</summary>
internal sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;

    /// <summary>A value in [-1, 1).</summary>
    public float NextSigned()
    {
        _state += 0x9E3779B97F4A7C15;
        var z = _state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        z ^= z >> 31;
        return (float)((z >> 40) / (double)(1UL << 24) * 2.0 - 1.0);
    }
}
