using System.Net;
using System.Text;
using System.Text.Json;
using EDRS.Grains.Contracts.Sessions;
using EDRS.Testing.Gateway;
using EDRS.Testing.Knowledge;
using static EDRS.Testing.Gateway.KnowledgeRequests;
using Grpc.Core;

namespace EDRS.Hosts.Gateway.Tests.Sessions;

/// <summary>The session endpoints end to end: REST (JSON and Server-Sent Events) and gRPC, the tiny model behind inference grains.</summary>
public sealed class SessionsApiTests(ModelGateway gateway) : IClassFixture<ModelGateway>
{
    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];

    [Fact]
    public async Task A_person_opens_a_session_talks_and_reads_the_turns_back()
    {
        var personaId = await gateway.Client.HireAsync(Unique("ada"));
        var sessionId = await gateway.Client.OpenSessionAsync(personaId);

        using var said = await gateway.Client.PostJsonAsync($"/api/v1/sessions/{sessionId}/messages", """{"text":"hello Ada"}""");
        var reply = await said.ReadJsonAsync(HttpStatusCode.OK);
        var session = await (await gateway.Client.GetAsync($"/api/v1/sessions/{sessionId}")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(1, reply.GetProperty("turn").GetInt32());
        Assert.NotEmpty(reply.GetProperty("text").GetString()!);
        Assert.Equal(12, reply.GetProperty("replyTokens").GetInt32());
        Assert.Equal((personaId, "bob"), (session.GetProperty("personaId").GetString(), session.GetProperty("personId").GetString()));
        var turn = Assert.Single(session.GetProperty("turns").EnumerateArray());
        Assert.Equal("hello Ada", turn.GetProperty("userText").GetString());
        Assert.Equal(reply.GetProperty("text").GetString(), turn.GetProperty("reply").GetString());
        Assert.Equal("replied", turn.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Server_sent_events_and_grpc_streaming_deliver_the_same_tokens_as_the_json_reply()
    {
        var personaId = await gateway.Client.HireAsync(Unique("ada"));
        var forJson = await gateway.Client.OpenSessionAsync(personaId);
        var forSse = await gateway.Client.OpenSessionAsync(personaId);
        var forGrpc = await gateway.Client.OpenSessionAsync(personaId);
        const string message = """{"text":"what is on my plate today?"}""";

        using var json = await gateway.Client.PostJsonAsync($"/api/v1/sessions/{forJson}/messages", message);
        var jsonText = (await json.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("text").GetString()!;

        using var sse = await gateway.Client.PostJsonAsync($"/api/v1/sessions/{forSse}/messages", message, accept: "text/event-stream");
        Assert.True(sse.StatusCode == HttpStatusCode.OK, await sse.Content.ReadAsStringAsync());
        Assert.Equal("text/event-stream", sse.Content.Headers.ContentType?.MediaType);
        var events = SessionRequests.ParseEvents(await sse.Content.ReadAsStringAsync());
        var tokens = events.Where(e => e.Event == "token").Select(e => JsonDocument.Parse(e.Data).RootElement.GetProperty("text").GetString()!).ToList();
        var done = JsonDocument.Parse(Assert.Single(events, e => e.Event == "done").Data).RootElement;

        using var channel = gateway.OpenGrpcChannel();
        var invoker = await gateway.GrpcForAsync(channel);
        var client = new SessionGrain.SessionGrainClient(invoker);
        using var stream = client.SayStreaming(new SayRequest { RequestId = Guid.NewGuid().ToString("N"), SessionId = forGrpc, Text = "what is on my plate today?" },
            deadline: DateTime.UtcNow.AddMinutes(1));
        var grpcTokens = new StringBuilder();
        SayReply? grpcDone = null;
        while (await stream.ResponseStream.MoveNext(CancellationToken.None))
        {
            var chunk = stream.ResponseStream.Current;
            if (chunk.ChunkCase == ReplyChunk.ChunkOneofCase.Token)
                grpcTokens.Append(chunk.Token);
            else
                grpcDone = chunk.Done;
        }

        Assert.True(tokens.Count > 1, "the reply was streamed in pieces");
        Assert.Equal(jsonText, string.Concat(tokens));
        Assert.Equal(jsonText, done.GetProperty("text").GetString());
        Assert.Equal(["done", "citations"], events.TakeLast(2).Select(e => e.Event));
        Assert.Equal(jsonText, grpcTokens.ToString());
        Assert.Equal(jsonText, grpcDone?.Text);
    }

    [Fact]
    public async Task A_generated_reply_cites_the_knowledge_its_prompt_carried_and_only_from_the_personas_collections()
    {
        var collectionId = Unique("kb");
        await gateway.Client.CreateCollectionAsync(collectionId, shards: 1);
        (await gateway.Client.AddDocumentAsync(collectionId, SampleDocuments.LeavePolicyMarkdown, "leave")).Dispose();
        var reader = await gateway.Client.HireAsync(Unique("ada"), knowledge: [collectionId]);
        var outsider = await gateway.Client.HireAsync(Unique("bea"));
        const string message = """{"text":"How many days of annual leave do I get?","mode":"generate"}""";

        using var cited = await gateway.Client.PostJsonAsync($"/api/v1/sessions/{await gateway.Client.OpenSessionAsync(reader)}/messages", message);
        using var uncited = await gateway.Client.PostJsonAsync($"/api/v1/sessions/{await gateway.Client.OpenSessionAsync(outsider)}/messages", message);
        var withKnowledge = await cited.ReadJsonAsync(HttpStatusCode.OK);
        var without = await uncited.ReadJsonAsync(HttpStatusCode.OK);

        Assert.False(withKnowledge.GetProperty("extractive").GetBoolean());
        var citation = withKnowledge.GetProperty("citations").EnumerateArray().First();
        Assert.Equal(("leave", "Annual leave policy", collectionId), (citation.GetProperty("documentId").GetString(), citation.GetProperty("title").GetString(), citation.GetProperty("collectionId").GetString()));
        Assert.StartsWith("leave:1:", citation.GetProperty("chunkId").GetString());
        Assert.Empty(without.GetProperty("citations").EnumerateArray());
    }

    [Fact]
    public async Task Grpc_reads_the_session_the_rest_api_wrote()
    {
        var personaId = await gateway.Client.HireAsync(Unique("ada"));
        var sessionId = await gateway.Client.OpenSessionAsync(personaId);
        using var said = await gateway.Client.PostJsonAsync($"/api/v1/sessions/{sessionId}/messages", """{"text":"hi"}""");
        var reply = (await said.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("text").GetString();

        using var channel = gateway.OpenGrpcChannel();
        var invoker = await gateway.GrpcForAsync(channel);
        var view = await new SessionGrain.SessionGrainClient(invoker).GetSessionAsync(new GetSessionRequest { SessionId = sessionId });

        Assert.Equal(reply, Assert.Single(view.Turns).ReplyText);
    }

    [Fact]
    public async Task A_retried_message_with_the_same_idempotency_key_gets_the_first_reply_and_no_second_turn()
    {
        var personaId = await gateway.Client.HireAsync(Unique("ada"));
        var sessionId = await gateway.Client.OpenSessionAsync(personaId);

        async Task<string> SayAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/sessions/{sessionId}/messages")
            {
                Content = new StringContent("""{"text":"ping"}""", Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("Idempotency-Key", "msg-1");
            using var response = await gateway.Client.SendAsync(request);
            return (await response.ReadJsonAsync(HttpStatusCode.OK)).GetRawText();
        }

        var first = await SayAsync();
        var second = await SayAsync();
        var session = await (await gateway.Client.GetAsync($"/api/v1/sessions/{sessionId}")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(first, second);
        Assert.Single(session.GetProperty("turns").EnumerateArray());
    }

    [Theory]
    [InlineData("/api/v1/personas/{persona}/sessions", "{}", "personId")]
    [InlineData("/api/v1/personas/{persona}/sessions", """{"personId":"bob smith"}""", "personId")]
    [InlineData("/api/v1/personas/bad%20id/sessions", """{"personId":"bob"}""", "personaId")]
    [InlineData("/api/v1/sessions/{session}/messages", "{}", "text")]
    [InlineData("/api/v1/sessions/{session}/messages", """{"text":"   "}""", "text")]
    [InlineData("/api/v1/sessions/{session}/messages", """{"text":"hi","maxReplyTokens":0}""", "maxReplyTokens")]
    [InlineData("/api/v1/sessions/{session}/messages", """{"text":"hi","maxReplyTokens":5000}""", "maxReplyTokens")]
    [InlineData("/api/v1/sessions/bad%20id/messages", """{"text":"hi"}""", "sessionId")]
    [InlineData("/api/v1/sessions/{session}/messages", """{"text":5}""", "text")]
    [InlineData("/api/v1/sessions/{session}/messages", """{"text":"hi","maxReplyTokens":"many"}""", "maxReplyTokens")]
    [InlineData("/api/v1/sessions/{session}/messages", """not json""", "body")]
    [InlineData("/api/v1/personas/{persona}/sessions", """{"personId":["bob"]}""", "personId")]
    public async Task Bad_input_is_a_400_problem_naming_the_field(string path, string body, string field)
    {
        var personaId = await gateway.Client.HireAsync(Unique("ada"));
        var sessionId = await gateway.Client.OpenSessionAsync(personaId);

        using var response = await gateway.Client.PostJsonAsync(path.Replace("{persona}", personaId, StringComparison.Ordinal).Replace("{session}", sessionId, StringComparison.Ordinal), body);

        var problem = await response.ReadJsonAsync(HttpStatusCode.BadRequest);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
    }

    [Fact]
    public async Task A_message_too_long_for_the_model_is_a_400_naming_the_text_and_leaves_no_turn()
    {
        var personaId = await gateway.Client.HireAsync(Unique("ada"));
        var sessionId = await gateway.Client.OpenSessionAsync(personaId);

        using var response = await gateway.Client.PostJsonAsync($"/api/v1/sessions/{sessionId}/messages", JsonSerializer.Serialize(new { text = new string('x', 7_000) }));

        var problem = await response.ReadJsonAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("text", out _), problem.GetRawText());
        var session = await (await gateway.Client.GetAsync($"/api/v1/sessions/{sessionId}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Empty(session.GetProperty("turns").EnumerateArray());
    }

    [Fact]
    public async Task Unknown_sessions_and_personas_are_404_problems_also_when_streaming()
    {
        using var read = await gateway.Client.GetAsync("/api/v1/sessions/no-such-session");
        using var say = await gateway.Client.PostJsonAsync("/api/v1/sessions/no-such-session/messages", """{"text":"hi"}""", accept: "text/event-stream");
        using var open = await gateway.Client.PostJsonAsync("/api/v1/personas/no-such-persona/sessions", """{"personId":"bob"}""");

        await read.ReadJsonAsync(HttpStatusCode.NotFound);
        await say.ReadJsonAsync(HttpStatusCode.NotFound);
        await open.ReadJsonAsync(HttpStatusCode.NotFound);
        Assert.Equal("application/problem+json", say.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Grpc_names_the_bad_field_with_invalid_argument()
    {
        var personaId = await gateway.Client.HireAsync(Unique("ada"));
        var sessionId = await gateway.Client.OpenSessionAsync(personaId);
        using var channel = gateway.OpenGrpcChannel();
        var invoker = await gateway.GrpcForAsync(channel);

        using var stream = new SessionGrain.SessionGrainClient(invoker).SayStreaming(
            new SayRequest { RequestId = "r1", SessionId = sessionId, Text = "" }, deadline: DateTime.UtcNow.AddSeconds(30));
        var refused = await Assert.ThrowsAsync<RpcException>(() => stream.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Contains("text", refused.Status.Detail, StringComparison.Ordinal);
    }
}
