namespace EDRS.Benchmarks.Inference;

/// <summary>Tokens and time of one path's measured batches.</summary>
internal sealed class Timing
{
    private long _tokens;
    private TimeSpan _elapsed;
    private int _rounds;

    public void Add(long tokens, TimeSpan elapsed)
    {
        _tokens += tokens;
        _elapsed += elapsed;
        _rounds++;
    }

    public PathResult Result() => new(_tokens / _elapsed.TotalSeconds, _rounds, _elapsed.TotalMilliseconds / Math.Max(1, _rounds));
}
