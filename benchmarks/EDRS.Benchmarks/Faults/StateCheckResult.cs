namespace EDRS.Benchmarks.Faults;

/// <summary>Grains re-activated and compared with the state folded from their journal.</summary>
internal sealed record StateCheckResult(int Checked, int Mismatched, int Unreachable, IReadOnlyList<string> Examples)
{
    public bool Clean => Mismatched == 0 && Unreachable == 0 && Checked > 0;
}
