namespace EDRS.Benchmarks.Inference;

internal sealed record PathResult(double TokensPerSecond, int Rounds, double MsPerRound);
