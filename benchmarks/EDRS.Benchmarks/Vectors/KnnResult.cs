namespace EDRS.Benchmarks.Vectors;

/// <summary>What <see cref="KnnBenchmark"/> reports on its RESULT line, for a benchmark that runs it as one of its parts.</summary>
/// <param name="Vectors">Vectors in the index.</param>
/// <param name="Qps">k=10 queries per second on all cores, at the chosen ef.</param>
/// <param name="RecallAt10">Recall@10 against exact search at that ef.</param>
/// <param name="Threads">Threads that ran the queries.</param>
internal sealed record KnnResult(int Vectors, double Qps, double RecallAt10, int Threads);
