namespace EDRS.Actors.Memory.Supersession;

/// <summary>
/// How similar two memories about the same person and of the same kind must be for the newer to update the older: their
/// cosine similarity, plus <see cref="ChangeBonus"/> when the newer reads as a change (<see cref="ChangeCues"/>), must
/// reach <see cref="Threshold"/>. Cosine scales differ between models, so each model has its own numbers, measured on the
/// memory evaluation set's supersession chains and look-alikes (benchmarks/EDRS.Benchmarks/Memory).
/// </summary>
public sealed record SupersessionCalibration(double Threshold, double ChangeBonus)
{
    /// <summary>all-MiniLM-L6-v2: every chain step and no look-alike over 0.60..0.70 with a bonus of 0.5 (0.65 chosen, the middle).</summary>
    public static readonly SupersessionCalibration MiniLm = new(0.65, 0.5);

    /// <summary>snowflake-arctic-embed-xs: its cosines sit higher and closer together (unrelated sentences ≈ 0.7).</summary>
    public static readonly SupersessionCalibration ArcticXs = new(0.9, 0.2);

    /// <summary>The calibration of <paramref name="model"/> (MiniLM's for a model not measured).</summary>
    public static SupersessionCalibration For(string model) =>
        string.Equals(model, "snowflake-arctic-embed-xs", StringComparison.OrdinalIgnoreCase) ? ArcticXs : MiniLm;
}
