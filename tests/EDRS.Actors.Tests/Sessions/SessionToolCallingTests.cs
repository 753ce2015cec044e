using System.Text.Json;
using EDRS.Actors.Sessions;
using EDRS.Actors.Tools.Calling;
using EDRS.Grains.Contracts.Sessions;
using EDRS.Testing;
using EDRS.Testing.Cluster;
using EDRS.Testing.Http;
using EDRS.Testing.Models;
using Microsoft.Extensions.AI;
using EDRS.Testing.Grains;
using static EDRS.Testing.Grains.Personas;

namespace EDRS.Actors.Tests.Sessions;

/// <summary>
/// A persona's chat model calling tools in a session turn, on a real member and journal, with the tool a real local HTTP
/// server. The model is a double (<see cref="ScriptedChatClient"/>: no model weights call a tool on cue) with the tiny
/// model's real tokenizer; the tool calls go through the real M.E.AI function invocation and the real tool invoker.
/// </summary>
public sealed class SessionToolCallingTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private Task<TestMember> StartMemberAsync(ScriptedChatClient model) => TestMember.StartAsync(new MemberSpec
    {
        Journal = database.ConnectionString,
        Services = model.Register,
    });

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    /// <summary>Hires a persona whose profile names <paramref name="tools"/> and opens a session with it.</summary>
    private static async Task<(SessionGrain.SessionGrainClient Session, string SessionId)> OpenAsync(TestMember member, params string[] tools)
    {
        var personaId = NewId();
        var profile = Profile();
        profile.Tools.AddRange(tools);
        await member.Persona(personaId).HireAsync(Hire(personaId, profile: profile));
        var sessionId = Unique("s");
        var session = member.Grains.Session(Tenant, sessionId);
        await session.OpenAsync(new OpenSessionRequest { RequestId = NewRequestId(), PersonaId = personaId, PersonId = "bob" });
        return (session, sessionId);
    }

    [Fact]
    public async Task A_model_calls_a_listed_tool_with_an_idempotency_key_replies_with_its_result_and_the_turn_journals_the_call()
    {
        var tool = "";
        var model = ScriptedChatClient.CallingToolOnce(() => tool, new Dictionary<string, object?> { ["customer"] = "c-42" });
        await using var member = await StartMemberAsync(model);
        await using var server = await RecordingHttpServer.StartAsync();
        server.Respond = _ => new ScriptedResponse { Body = """{"ticket":"T-17"}""" };
        tool = await member.RegisterLookupAsync(server);
        var (session, sessionId) = await OpenAsync(member, tool);

        var reply = await session.SayAsync(new SayRequest { RequestId = NewRequestId(), Text = "what is open for c-42?" });

        var call = Assert.Single(server.To($"/{tool}"));
        Assert.Equal($"ses:{Tenant}/{sessionId}/1/call-1", call.IdempotencyKey);
        Assert.Equal("c-42", JsonDocument.Parse(call.Body).RootElement.GetProperty("customer").GetString());
        Assert.Contains("T-17", reply.Text, StringComparison.Ordinal);
        var offered = Assert.Single(model.Calls.First().Options!.Tools!);
        Assert.Equal(tool, offered.Name);
        var journaled = Assert.Single(Assert.Single((await session.GetSessionAsync(new GetSessionRequest())).Turns).ToolCalls);
        Assert.Equal(("call-1", tool, true), (journaled.CallId, journaled.Tool, journaled.Succeeded));
        Assert.Equal("c-42", JsonDocument.Parse(journaled.Arguments).RootElement.GetProperty("customer").GetString());
        Assert.Contains("T-17", journaled.Result, StringComparison.Ordinal);
        Assert.Equal(journaled, Assert.Single(reply.ToolCalls));
    }

    [Fact]
    public async Task A_persona_that_does_not_list_a_tool_is_not_offered_it_and_cannot_call_it()
    {
        var tool = "";
        var model = ScriptedChatClient.CallingToolOnce(() => tool, new Dictionary<string, object?> { ["customer"] = "c-42" });
        await using var member = await StartMemberAsync(model);
        await using var server = await RecordingHttpServer.StartAsync();
        tool = await member.RegisterLookupAsync(server);
        var (session, _) = await OpenAsync(member);

        var reply = await session.SayAsync(new SayRequest { RequestId = NewRequestId(), Text = "what is open for c-42?" });

        Assert.All(model.Calls, c => Assert.True(c.Options?.Tools is null or { Count: 0 }));
        Assert.Empty(server.Requests);
        Assert.Empty(reply.ToolCalls);
        Assert.Empty(Assert.Single((await session.GetSessionAsync(new GetSessionRequest())).Turns).ToolCalls);
    }

    [Fact]
    public async Task Arguments_that_fail_the_tools_schema_reach_the_model_as_an_error_result_and_the_tool_is_not_called()
    {
        var tool = "";
        var model = ScriptedChatClient.CallingToolOnce(() => tool, new Dictionary<string, object?> { ["customer"] = 42 });
        await using var member = await StartMemberAsync(model);
        await using var server = await RecordingHttpServer.StartAsync();
        tool = await member.RegisterLookupAsync(server);
        var (session, _) = await OpenAsync(member, tool);

        var reply = await session.SayAsync(new SayRequest { RequestId = NewRequestId(), Text = "what is open for c-42?" });

        Assert.Empty(server.Requests);
        var seen = Assert.Single(ScriptedChatClient.ToolResults(model.Calls.Last().Messages));
        Assert.Contains("do not match its schema", seen.Result?.ToString(), StringComparison.Ordinal);
        Assert.Contains("customer", seen.Result?.ToString(), StringComparison.Ordinal);
        var journaled = Assert.Single(reply.ToolCalls);
        Assert.False(journaled.Succeeded);
        Assert.StartsWith("error: ", journaled.Result, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_that_keeps_calling_tools_is_stopped_after_the_bound_on_rounds_and_still_replies()
    {
        var tool = "";
        var model = new ScriptedChatClient((messages, options) => options?.Tools is { Count: > 0 }
            ? ScriptedChatClient.CallTool(tool, new Dictionary<string, object?> { ["customer"] = "c-42" }, $"call-{ScriptedChatClient.ToolResults(messages).Count + 1}")
            : new ChatMessage(ChatRole.Assistant, "I looked it up several times."));
        await using var member = await StartMemberAsync(model);
        await using var server = await RecordingHttpServer.StartAsync();
        tool = await member.RegisterLookupAsync(server);
        var (session, sessionId) = await OpenAsync(member, tool);

        var reply = await session.SayAsync(new SayRequest { RequestId = NewRequestId(), Text = "what is open for c-42?" });

        var calls = server.To($"/{tool}");
        Assert.Equal(ToolCalling.MaxRounds, calls.Count);
        Assert.Equal(
            Enumerable.Range(1, ToolCalling.MaxRounds).Select(n => $"ses:{Tenant}/{sessionId}/1/call-{n}").Order(StringComparer.Ordinal),
            calls.Select(c => c.IdempotencyKey!).Order(StringComparer.Ordinal));
        Assert.Equal(ToolCalling.MaxRounds, reply.ToolCalls.Count);
        Assert.Equal("I looked it up several times.", reply.Text);
    }
}
