using EDRS.Actors.Inference;
using EDRS.Models.Inference;
using EDRS.Models.Inference.OpenAiCompatible;
using EDRS.Testing;
using Microsoft.Extensions.AI;

namespace EDRS.Models.Tests.Inference;

/// <summary>The OpenAI-compatible backend behind the inference grain, against a double of such a server.</summary>
public sealed class OpenAiBackendTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task With_OPENAI_BASE_URL_the_inference_grain_streams_the_servers_reply_and_names_the_configured_model()
    {
        await using var server = await OpenAiServerDouble.StartAsync();
        await using var member = await DevelopmentNode.StartAsync(database.ConnectionString, new Dictionary<string, string?>
        {
            ["MODEL_PATH"] = "",
            ["OPENAI_BASE_URL"] = server.BaseUrl,
            ["OPENAI_MODEL"] = "served-model",
            ["OPENAI_API_KEY"] = "test-key",
        });
        Assert.True(member.Service<IModelAvailability>().IsConfigured);

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in member.Service<IChatClient>().GetStreamingResponseAsync([new(ChatRole.User, "hi")], new ChatOptions { MaxOutputTokens = 20 }))
            updates.Add(update);

        Assert.Equal(OpenAiServerDouble.Reply, string.Concat(updates.Select(u => u.Text)));
        Assert.True(updates.Count(u => u.Text.Length > 0) >= 5, "streamed chunk by chunk");
        Assert.Equal(ChatFinishReason.Stop, updates.Last().FinishReason);
        var request = Assert.Single(server.Requests).RootElement;
        Assert.Equal("served-model", request.GetProperty("model").GetString());
        Assert.True(request.GetProperty("stream").GetBoolean());
        Assert.Equal("hi", request.GetProperty("messages")[0].GetProperty("content").GetString());
        // The protocol has no tokenizer: counts are the documented high-side estimate.
        Assert.IsType<EstimatedTokenCounter>(member.Service<ModelBackend>().TokenCounter);
        Assert.Equal(4, await member.Service<ITokenCounter>().CountTokensAsync("hello world", CancellationToken.None));
    }
}
