using EDRS.Grains.Contracts.Inference;
using Grpc.Core;

namespace EDRS.Models.Tests.Inference;

/// <summary>Requests and stream reading shared by the inference tests.</summary>
public static class Calls
{
    public static GenerateRequest Generate(string prompt, int maxTokens)
    {
        var request = new GenerateRequest { RequestId = Guid.NewGuid().ToString("N"), MaxTokens = maxTokens };
        request.Messages.Add(new ChatTurn { Role = "user", Text = prompt });
        return request;
    }

    public static async Task<List<GenerateChunk>> ReadAllAsync(AsyncServerStreamingCall<GenerateChunk> call, CancellationToken cancellationToken = default)
    {
        var chunks = new List<GenerateChunk>();
        while (await call.ResponseStream.MoveNext(cancellationToken))
            chunks.Add(call.ResponseStream.Current);
        return chunks;
    }

    public static string TextOf(IEnumerable<GenerateChunk> chunks) => string.Concat(chunks.Select(c => c.Text));

    public static DateTime Deadline(int seconds = 30) => DateTime.UtcNow.AddSeconds(seconds);
}
