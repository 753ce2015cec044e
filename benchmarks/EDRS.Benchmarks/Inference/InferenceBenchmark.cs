using System.Diagnostics;
using System.Globalization;
using EDRS.Testing.Models;

namespace EDRS.Benchmarks.Inference;

/// <summary>
/// Tokens per second of the tiny GGUF model (written by code, greedy decoding) in batches of 8 requests:
/// through the inference grain — a caller member streaming from an inference member over Proto.Remote on loopback, with
/// the grain's queue, batching and per-token stream messages — against LLamaSharp called directly in this process (the
/// same 8 sequences in one <see cref="LLama.Batched.BatchedExecutor"/>, the same prompts, greedy argmax, text decoded per token). The
/// ratio is the grain's throughput relative to the direct path.
/// </summary>
public static class InferenceBenchmark
{
    internal const int Batch = 8;
    internal const int TokensPerRequest = 128;

    public static async Task<int> RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        var measure = TimeSpan.FromSeconds(quick ? 5 : 20);
        var total = Stopwatch.StartNew();
        var modelPath = TinyGgufModel.WriteToTempFile();
        try
        {
            Console.WriteLine($"inference benchmark: tiny GGUF model ({new FileInfo(modelPath).Length / 1024} KB), batches of {Batch} requests x {TokensPerRequest} tokens, greedy, {measure.TotalSeconds:0} s measured per path (interleaved), {Environment.ProcessorCount} cores");

            // The three paths take turns, one batch each, so all see the same machine load (other processes vary it).
            await using var direct = await DirectPath.StartAsync(modelPath);
            await using var engine = await EnginePath.StartAsync(modelPath);
            await using var grainPath = await GrainPath.StartAsync(modelPath);
            var paths = new List<(string Name, Func<Task<long>> Round, Timing Timing)>();
            paths.Add(("direct", direct.RoundAsync, new Timing()));
            paths.Add(("engine", engine.RoundAsync, new Timing()));
            paths.Add(("grain", grainPath.RoundAsync, new Timing()));
            foreach (var path in paths)
                await path.Round();
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < measure * paths.Count)
            {
                foreach (var path in paths)
                {
                    var started = Stopwatch.GetTimestamp();
                    var tokens = await path.Round();
                    path.Timing.Add(tokens, Stopwatch.GetElapsedTime(started));
                }
            }
            var directResult = paths[0].Timing.Result();
            var engineResult = paths[1].Timing.Result();
            var grain = paths[2].Timing.Result();
            Console.WriteLine($"  direct LLamaSharp: {directResult.TokensPerSecond:N0} tokens/s ({directResult.Rounds} batches)");
            Console.WriteLine($"  EDRS engine:       {engineResult.TokensPerSecond:N0} tokens/s ({engineResult.Rounds} batches)");
            Console.WriteLine($"  inference grain:   {grain.TokensPerSecond:N0} tokens/s ({grain.Rounds} batches)");
            var ratio = grain.TokensPerSecond / directResult.TokensPerSecond;
            Console.WriteLine();
            Console.WriteLine("| path | tokens/s | batches | ms per batch |");
            Console.WriteLine("|---|---:|---:|---:|");
            Console.WriteLine($"| LLamaSharp direct (BatchedExecutor, in-process) | {directResult.TokensPerSecond:N0} | {directResult.Rounds} | {directResult.MsPerRound:0.0} |");
            Console.WriteLine($"| EDRS engine in-process (LlamaChatClient, no cluster) | {engineResult.TokensPerSecond:N0} | {engineResult.Rounds} | {engineResult.MsPerRound:0.0} |");
            Console.WriteLine($"| inference grain (caller member → inference member, streamed) | {grain.TokensPerSecond:N0} | {grain.Rounds} | {grain.MsPerRound:0.0} |");
            Console.WriteLine();

            // The embedding half of issue 5's benchmark (the same code as `embeddings`), in the same invocation.
            var embeddings = EmbeddingBenchmark.Compare(quick, Console.Out);
            Console.WriteLine();
            Console.WriteLine($"total {total.Elapsed.TotalSeconds:0.0} s");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RESULT embed_per_s={embeddings.EmbeddingsPerSecond:0} embed_ratio_vs_package={embeddings.RatioVsPackage:0.00} " +
                $"grain_tokens_per_s={grain.TokensPerSecond:0} direct_tokens_per_s={directResult.TokensPerSecond:0} overhead_ratio={ratio:0.00} cores={Environment.ProcessorCount}"));
            return 0;
        }
        finally
        {
            File.Delete(modelPath);
        }
    }

    internal static string Prompt(int i) => $"request {i}: what is on my calendar today?";

    /// <summary>The same text the grain's backend gives llama.cpp for a one-turn chat (the plain transcript format).</summary>
    internal static string Transcript(int i) => $"user: {Prompt(i)}\nassistant:";
}
