using EDRS.Actors.Inference;
using EDRS.Models.Inference;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EDRS.Benchmarks.Inference;

/// <summary>For the breakdown: EDRS's own in-process backend (<see cref="ModelBackend"/>'s IChatClient), no grain, no cluster.</summary>
internal sealed class EnginePath(ModelBackend backend) : IAsyncDisposable
{
    private static readonly ChatOptions Options = new() { MaxOutputTokens = InferenceBenchmark.TokensPerRequest };

    public static Task<EnginePath> StartAsync(string modelPath)
    {
        var backend = new ModelBackend(
            Microsoft.Extensions.Options.Options.Create(new InferenceOptions { ModelPath = modelPath, MaxBatchSize = InferenceBenchmark.Batch }),
            NullLoggerFactory.Instance);
        backend.WarmUp();
        return Task.FromResult(new EnginePath(backend));
    }

    public async Task<long> RoundAsync()
    {
        var replies = await Task.WhenAll(Enumerable.Range(0, InferenceBenchmark.Batch).Select(i =>
            backend.ChatClient.GetResponseAsync([new ChatMessage(ChatRole.User, InferenceBenchmark.Prompt(i))], Options)));
        return replies.Sum(r => r.Usage?.OutputTokenCount ?? 0);
    }

    public ValueTask DisposeAsync() => backend.DisposeAsync();
}
