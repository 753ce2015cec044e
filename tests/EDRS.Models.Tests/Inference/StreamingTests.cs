using EDRS.Actors.Inference;
using EDRS.Grains.Runtime;
using EDRS.Models.Inference;
using EDRS.Models.Inference.Llama;
using EDRS.Testing;
using Grpc.Core;
using Microsoft.Extensions.AI;

namespace EDRS.Models.Tests.Inference;

/// <summary>Server-streaming grain calls through the typed client, on the development topology (one node, every kind).</summary>
public sealed class StreamingTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Generate_streams_the_reply_token_by_token_through_the_typed_client_and_ends_with_usage()
    {
        await using var member = await DevelopmentNode.StartAsync(database.ConnectionString);
        using var call = member.Grains.Inference("default", "0").Generate(Calls.Generate("Hello Ada", 24), deadline: Calls.Deadline());

        var chunks = await Calls.ReadAllAsync(call);

        var last = chunks[^1];
        Assert.True(last.Done);
        Assert.Equal("length", last.FinishReason);
        Assert.Equal(24, last.CompletionTokens);
        Assert.True(last.PromptTokens > 0);
        Assert.Equal(24, chunks.Count(c => !c.Done && c.Text.Length > 0));
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
        var direct = await member.Service<ModelBackend>().ChatClient.GetResponseAsync([new(ChatRole.User, "Hello Ada")], new ChatOptions { MaxOutputTokens = 24 });
        Assert.Equal(direct.Text, Calls.TextOf(chunks));
    }

    [Fact]
    public async Task The_chat_client_and_token_counter_ports_over_the_grain_answer_what_the_model_answers_directly()
    {
        await using var member = await DevelopmentNode.StartAsync(database.ConnectionString);
        var backend = member.Service<ModelBackend>();
        var chat = member.Service<IChatClient>();
        Assert.IsType<InferenceGrainChatClient>(chat);
        ChatMessage[] messages = [new(ChatRole.System, "You are Ada, a support lead."), new(ChatRole.User, "What is on today?")];
        var options = new ChatOptions { MaxOutputTokens = 32 };

        var viaGrain = await chat.GetResponseAsync(messages, options);
        var direct = await backend.ChatClient.GetResponseAsync(messages, options);
        var streamed = new List<string>();
        await foreach (var update in chat.GetStreamingResponseAsync(messages, options))
            streamed.Add(update.Text);

        Assert.Equal(direct.Text, viaGrain.Text);
        Assert.Equal(direct.Text, string.Concat(streamed));
        Assert.Equal(32, viaGrain.Usage?.OutputTokenCount);
        Assert.Equal(ChatFinishReason.Length, viaGrain.FinishReason);
        var counter = member.Service<ITokenCounter>();
        Assert.IsType<InferenceGrainTokenCounter>(counter);
        var text = "Bob prefers meetings before 11:00.";
        Assert.Equal(await new LlamaTokenCounter(backend.Engine!.Model).CountTokensAsync(text, CancellationToken.None), await counter.CountTokensAsync(text, CancellationToken.None));
    }

    [Fact]
    public async Task Cancelling_a_stream_stops_the_generation_on_the_grain_and_frees_its_slot()
    {
        // One request per batch and a context far longer than a test would wait for: only a freed slot lets the next request run.
        await using var member = await DevelopmentNode.StartAsync(database.ConnectionString, new Dictionary<string, string?>
        {
            ["MAX_BATCH_SIZE"] = "1",
            ["MODEL_CONTEXT_SIZE"] = "65536",
        });
        var grain = member.Grains.Inference("default", "0");
        using var cancel = new CancellationTokenSource();
        using var endless = grain.Generate(Calls.Generate("talk forever", 65_000), deadline: Calls.Deadline(120), cancellationToken: cancel.Token);
        for (var i = 0; i < 3; i++)
            Assert.True(await endless.ResponseStream.MoveNext(CancellationToken.None));

        await cancel.CancelAsync();
        var error = await Assert.ThrowsAsync<RpcException>(() => Calls.ReadAllAsync(endless));
        Assert.Equal(StatusCode.Cancelled, error.StatusCode);

        using var next = grain.Generate(Calls.Generate("short one", 5), deadline: Calls.Deadline(60));
        var chunks = await Calls.ReadAllAsync(next);
        Assert.Equal(5, chunks[^1].CompletionTokens);
    }

    [Fact]
    public async Task A_call_deadline_reaches_the_grain_and_ends_the_stream_with_DEADLINE_EXCEEDED()
    {
        await using var member = await DevelopmentNode.StartAsync(database.ConnectionString, new Dictionary<string, string?>
        {
            ["MAX_BATCH_SIZE"] = "1",
            ["MODEL_CONTEXT_SIZE"] = "65536",
        });
        var grain = member.Grains.Inference("default", "0");
        using var endless = grain.Generate(Calls.Generate("talk forever", 65_000), deadline: DateTime.UtcNow.AddMilliseconds(800));

        var error = await Assert.ThrowsAsync<RpcException>(() => Calls.ReadAllAsync(endless));
        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);

        using var next = grain.Generate(Calls.Generate("short one", 5), deadline: Calls.Deadline(60));
        Assert.Equal(5, (await Calls.ReadAllAsync(next))[^1].CompletionTokens);
    }

    [Fact]
    public async Task A_malformed_request_is_INVALID_ARGUMENT_naming_the_field()
    {
        await using var member = await DevelopmentNode.StartAsync(database.ConnectionString);
        var grain = member.Grains.Inference("default", "0");

        using var empty = grain.Generate(new Grains.Contracts.Inference.GenerateRequest { MaxTokens = 5 }, deadline: Calls.Deadline());
        var error = await Assert.ThrowsAsync<RpcException>(() => Calls.ReadAllAsync(empty));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("messages", Assert.Single(GrainFaults.ViolationsOf(error)).Field);

        var badRole = Calls.Generate("hi", 5);
        badRole.Messages[0].Role = "wizard";
        using var wizard = grain.Generate(badRole, deadline: Calls.Deadline());
        error = await Assert.ThrowsAsync<RpcException>(() => Calls.ReadAllAsync(wizard));
        Assert.Equal("messages[0].role", Assert.Single(GrainFaults.ViolationsOf(error)).Field);

        var hot = Calls.Generate("hi", 5);
        hot.Options = new Grains.Contracts.Inference.GenerationOptions { Temperature = 9 };
        using var tooHot = grain.Generate(hot, deadline: Calls.Deadline());
        error = await Assert.ThrowsAsync<RpcException>(() => Calls.ReadAllAsync(tooHot));
        Assert.Equal("options.temperature", Assert.Single(GrainFaults.ViolationsOf(error)).Field);
    }

    [Fact]
    public async Task Without_a_model_the_system_starts_and_inference_answers_UNAVAILABLE_saying_what_to_set()
    {
        await using var member = await DevelopmentNode.StartAsync(database.ConnectionString, new Dictionary<string, string?> { ["MODEL_PATH"] = "" });
        Assert.False(member.Service<IModelAvailability>().IsConfigured);

        using var call = member.Grains.Inference("default", "0").Generate(Calls.Generate("hello", 5), deadline: Calls.Deadline());
        var error = await Assert.ThrowsAsync<RpcException>(() => Calls.ReadAllAsync(call));
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Contains("MODEL_PATH", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("OPENAI_BASE_URL", error.Status.Detail, StringComparison.Ordinal);

        var count = await Assert.ThrowsAsync<RpcException>(() => member.Service<ITokenCounter>().CountTokensAsync("hello", CancellationToken.None).AsTask());
        Assert.Equal(StatusCode.Unavailable, count.StatusCode);
    }
}
