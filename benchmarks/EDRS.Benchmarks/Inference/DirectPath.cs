using System.Text;
using LLama;
using LLama.Batched;
using LLama.Common;
using LLama.Native;

namespace EDRS.Benchmarks.Inference;

/// <summary>
/// The baseline: LLamaSharp called directly — one <see cref="BatchedExecutor"/>, 8 conversations decoded together,
/// greedy argmax, text decoded per token (as the grain does), same prompt text and token count.
/// </summary>
internal sealed class DirectPath : IAsyncDisposable
{
    private readonly LLamaWeights _weights;
    private readonly BatchedExecutor _executor;

    private DirectPath(LLamaWeights weights, BatchedExecutor executor)
    {
        _weights = weights;
        _executor = executor;
    }

    public static Task<DirectPath> StartAsync(string modelPath)
    {
        var parameters = new ModelParams(modelPath)
        {
            ContextSize = (uint)(2048 * InferenceBenchmark.Batch),
            SeqMax = InferenceBenchmark.Batch,
            BatchSize = 2048 + InferenceBenchmark.Batch,
            GpuLayerCount = 0,
        };
        var weights = LLamaWeights.LoadFromFile(parameters);
        return Task.FromResult(new DirectPath(weights, new BatchedExecutor(weights, parameters)));
    }

    public async Task<long> RoundAsync()
    {
        var conversations = new List<(Conversation Conversation, StreamingTokenDecoder Decoder)>();
        for (var i = 0; i < InferenceBenchmark.Batch; i++)
        {
            var conversation = _executor.Create();
            conversation.Prompt(_weights.Tokenize(InferenceBenchmark.Transcript(i), true, true, Encoding.UTF8));
            conversations.Add((conversation, new StreamingTokenDecoder(Encoding.UTF8, _weights)));
        }
        long generated = 0;
        for (var step = 0; step < InferenceBenchmark.TokensPerRequest; step++)
        {
            var result = await _executor.Infer();
            if (result != DecodeResult.Ok)
                throw new InvalidOperationException($"decode failed: {result}");
            foreach (var (conversation, decoder) in conversations)
            {
                var logits = conversation.Sample();
                var best = 0;
                for (var t = 1; t < logits.Length; t++)
                {
                    if (logits[t] > logits[best])
                        best = t;
                }
                decoder.Add(best);
                _ = decoder.Read();
                generated++;
                if (step + 1 < InferenceBenchmark.TokensPerRequest)
                    conversation.Prompt((LLamaToken)best);
            }
        }
        foreach (var (conversation, _) in conversations)
            conversation.Dispose();
        return generated;
    }

    public ValueTask DisposeAsync()
    {
        _executor.Dispose();
        _weights.Dispose();
        return ValueTask.CompletedTask;
    }
}
