using EDRS.Actors.Inference;
using EDRS.Models.Inference;
using EDRS.Models.Inference.Llama;
using EDRS.Testing.Models;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EDRS.Models.Tests.Inference;

public sealed class LlamaBackendTests
{
    [Fact]
    public void The_tiny_model_writer_is_deterministic_and_a_few_hundred_kilobytes()
    {
        using var first = new MemoryStream();
        using var second = new MemoryStream();
        TinyGgufModel.Write(first);
        TinyGgufModel.Write(second);
        Assert.Equal(first.ToArray(), second.ToArray());
        Assert.InRange(first.Length, 100_000, 1_000_000);
    }

    [Fact]
    public async Task The_tiny_model_written_by_the_test_loads_through_LLamaSharp_and_generates_the_same_tokens_twice()
    {
        await using var backend = Backend(TinyModel.Path);
        var chat = backend.ChatClient;
        ChatMessage[] messages = [new(ChatRole.System, "You are Ada."), new(ChatRole.User, "Hello, who are you?")];
        var options = new ChatOptions { MaxOutputTokens = 40 };

        var first = await chat.GetResponseAsync(messages, options);
        var streamed = new List<string>();
        await foreach (var update in chat.GetStreamingResponseAsync(messages, options))
            streamed.Add(update.Text);

        Assert.Equal(40, first.Usage?.OutputTokenCount);
        Assert.Equal(ChatFinishReason.Length, first.FinishReason);
        Assert.False(string.IsNullOrWhiteSpace(first.Text));
        Assert.Equal(first.Text, string.Concat(streamed));
        // Streaming delivers the reply a token at a time (byte-level vocabulary: one printable character per token).
        Assert.True(streamed.Count(s => s.Length > 0) >= 40, $"{streamed.Count} updates");
    }

    [Fact]
    public async Task Token_counts_come_from_the_models_own_tokenizer()
    {
        await using var backend = Backend(TinyModel.Path);
        var counter = backend.TokenCounter;
        Assert.IsType<LlamaTokenCounter>(counter);
        var engine = backend.Engine!;
        // Byte-level vocabulary: one token per UTF-8 byte, plus SentencePiece's leading-space marker (3 bytes).
        var expected = engine.Model.Tokenize("hello world", addBos: false).Length;
        Assert.Equal(expected, await counter.CountTokensAsync("hello world", CancellationToken.None));
        Assert.True(await counter.CountTokensAsync("hello world, again", CancellationToken.None) > expected);
        Assert.Equal(0, await counter.CountTokensAsync("", CancellationToken.None));
    }

    [Fact]
    public async Task Concurrent_generations_share_decode_calls_and_each_gets_its_own_deterministic_reply()
    {
        await using var backend = Backend(TinyModel.Path);
        var chat = backend.ChatClient;
        var options = new ChatOptions { MaxOutputTokens = 30 };
        var alone = (await chat.GetResponseAsync([new(ChatRole.User, "prompt 0")], options)).Text;
        var stepsBefore = backend.Engine!.DecodeSteps;

        var together = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => chat.GetResponseAsync([new(ChatRole.User, $"prompt {i}")], options)));

        Assert.Equal(alone, together[0].Text);
        Assert.All(together, r => Assert.Equal(30, r.Usage?.OutputTokenCount));
        // Four replies of 30 tokens one after another would take 4 × 30 decode calls; batched they share them.
        Assert.True(backend.Engine.DecodeSteps - stepsBefore < 4 * 30, $"{backend.Engine.DecodeSteps - stepsBefore} decode calls");
        Assert.True(backend.Engine.PeakSequencesPerDecode >= 2);
    }

    [Fact]
    public void With_neither_a_model_file_nor_an_endpoint_the_options_say_what_to_set()
    {
        var options = new InferenceOptions();
        Assert.False(options.IsConfigured);
        Assert.Empty(options.Validate());
        Assert.Contains("MODEL_PATH", InferenceOptions.NotConfiguredMessage, StringComparison.Ordinal);
        Assert.Contains("OPENAI_BASE_URL", InferenceOptions.NotConfiguredMessage, StringComparison.Ordinal);
        var availability = new ModelAvailability(Options.Create(options));
        Assert.False(availability.IsConfigured);
        Assert.Equal(InferenceOptions.NotConfiguredMessage, availability.Message);
    }

    [Fact]
    public void Invalid_settings_are_refused_naming_the_environment_variable()
    {
        var problems = new InferenceOptions { ModelPath = "/nope/model.gguf", MaxBatchSize = 0, TimeoutSeconds = 0, EndpointUrl = "not a url" }.Validate();
        Assert.Contains(problems, p => p.Contains("MODEL_PATH names no file", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("MAX_BATCH_SIZE", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("INFERENCE_TIMEOUT_SECONDS", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("OPENAI_BASE_URL", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("OPENAI_MODEL", StringComparison.Ordinal));
    }

    private static ModelBackend Backend(string modelPath) =>
        new(Options.Create(new InferenceOptions { ModelPath = modelPath, ContextSize = 256, MaxBatchSize = 8 }), NullLoggerFactory.Instance);
}
