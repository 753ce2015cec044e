using EDRS.Actors.Embeddings;
using EDRS.Models.Embeddings.MiniLm;

namespace EDRS.Models.Tests.Embeddings;

public sealed class MiniLmLifetimeTests
{
    [Fact]
    public async Task Disposing_while_calls_run_lets_each_finish_or_fail_as_disposed_and_none_hangs()
    {
        var generator = new MiniLmEmbeddingGenerator(new EmbeddingOptions { BatchSize = 2, ConcurrentRuns = 1 });
        var calls = Enumerable.Range(0, 4).Select(_ => Task.Run(() => generator.GenerateAsync(Sentences.Many(40)))).ToArray();
        await Task.Delay(50);

        generator.Dispose();
        var all = Task.WhenAll(calls);
        var finished = await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(60)));

        Assert.Same(all, finished);
        Assert.All(calls, call => Assert.True(call.IsCompletedSuccessfully || call.Exception?.InnerException is ObjectDisposedException,
            $"{call.Status}: {call.Exception?.InnerException}"));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => generator.GenerateAsync(["after"]));
    }
}
