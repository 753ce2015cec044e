using EDRS.Actors.Inference;
using EDRS.Actors.Personas;
using EDRS.Actors.Sessions;
using EDRS.Actors.WorkingMemory;
using EDRS.Grains.Contracts.Memory;
using EDRS.Grains.Contracts.Personas;
using EDRS.Grains.Contracts.Sessions;
using EDRS.Grains.Runtime;
using EDRS.Testing;
using EDRS.Testing.Cluster;
using EDRS.Testing.Models;
using Grpc.Core;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace EDRS.Actors.Tests.Sessions;

/// <summary>
/// Session grains on a real member and journal, talking through the real LLamaSharp backend serving the tiny model
/// in-process (the development topology): persona and working-memory grains are the real ones too.
/// </summary>
public sealed class SessionGrainTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    /// <summary>Reads spaced so that they leave an idle session time to passivate (a read is a call that keeps it active).</summary>
    private static readonly TimeSpan BetweenReads = TimeSpan.FromSeconds(1.5);

    private readonly RecordingChatClient _model = new(TinyModel.Backend.ChatClient);

    private Task<TestMember> StartMemberAsync(IReadOnlyDictionary<string, string?>? settings = null) =>
        TestMember.StartAsync(new MemberSpec
        {
            Journal = database.ConnectionString,
            Settings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["Sessions:MaxReplyTokens"] = "12" },
            Services = services =>
            {
                services.AddSingleton<IChatClient>(_model);
                services.AddSingleton(TinyModel.Backend.TokenCounter);
                services.AddSingleton<EDRS.Actors.Inference.IModelAvailability>(new TinyModelAvailability());
            },
        });

    private static string Id() => Guid.NewGuid().ToString("N");

    private static async Task<string> HireAdaAsync(GrainClients grains, string tenant = "acme")
    {
        var personaId = $"ada-{Id()[..8]}";
        var profile = new Grains.Contracts.Personas.PersonaProfile { Name = "Ada", Role = "Support lead", Personality = "calm, precise" };
        profile.Skills.Add("billing");
        await grains.Persona(tenant, personaId).HireAsync(new HirePersonaRequest { RequestId = Id(), Profile = profile });
        return personaId;
    }

    private static Task<FactAck> TellAsync(GrainClients grains, string personaId, string text, string subject = "") =>
        grains.Persona("acme", personaId).RememberFactAsync(new RememberFactRequest
        {
            RequestId = Id(), PersonId = "bob", Kind = FactKind.Preference, Subject = subject, Text = text,
        }).ResponseAsync;

    private static async Task<EDRS.Grains.Contracts.Sessions.SessionGrain.SessionGrainClient> OpenAsync(GrainClients grains, string personaId, string sessionId)
    {
        var session = grains.Session("acme", sessionId);
        await session.OpenAsync(new OpenSessionRequest { RequestId = Id(), PersonaId = personaId, PersonId = "bob" });
        return session;
    }

    [Fact]
    public async Task A_turn_prompts_with_the_profile_and_current_facts_not_retracted_ones_and_journals_the_whole_reply()
    {
        await using var member = await StartMemberAsync();
        var personaId = await HireAdaAsync(member.Grains);
        await TellAsync(member.Grains, personaId, "prefers meetings after lunch", subject: "meetings");
        await TellAsync(member.Grains, personaId, "prefers meetings before 11:00", subject: "meetings"); // newest wins
        var retracted = await TellAsync(member.Grains, personaId, "likes long calls");
        await member.Grains.Persona("acme", personaId).RetractFactAsync(new RetractFactRequest { RequestId = Id(), PersonId = "bob", FactId = retracted.FactId });
        await member.Grains.WorkingMemory("acme", personaId).RememberAsync(new RememberItemRequest { RequestId = Id(), Text = "invoice 42 is overdue", About = "bob" });
        var session = await OpenAsync(member.Grains, personaId, "s-facts");

        var reply = await session.SayAsync(new SayRequest { RequestId = Id(), Text = "when can we meet?" });

        var system = _model.LastPrompt[0].Text;
        Assert.Contains("You are Ada, Support lead.", system, StringComparison.Ordinal);
        Assert.Contains("prefers meetings before 11:00", system, StringComparison.Ordinal);
        Assert.DoesNotContain("after lunch", system, StringComparison.Ordinal);
        Assert.DoesNotContain("likes long calls", system, StringComparison.Ordinal);
        Assert.Contains("invoice 42 is overdue", system, StringComparison.Ordinal);
        Assert.Equal("when can we meet?", _model.LastPrompt[^1].Text);
        Assert.NotEmpty(reply.Text);
        Assert.Equal(12, reply.ReplyTokens);
        Assert.InRange(reply.PromptTokens, 1, 1_536);

        var view = await session.GetSessionAsync(new GetSessionRequest());
        var turn = Assert.Single(view.Turns);
        Assert.Equal((TurnStatus.Replied, "when can we meet?", reply.Text), (turn.Status, turn.UserText, turn.ReplyText));
        Assert.Equal(["session_opened", "user_said", "persona_replied"], await database.EventTypesAsync("session/acme/s-facts"));
    }

    [Fact]
    public async Task The_model_is_deterministic_and_a_repeated_request_id_gets_the_same_reply_without_a_new_turn()
    {
        await using var member = await StartMemberAsync();
        var personaId = await HireAdaAsync(member.Grains);
        var first = await OpenAsync(member.Grains, personaId, "s-repeat-1");
        var second = await OpenAsync(member.Grains, personaId, "s-repeat-2");

        var a = await first.SayAsync(new SayRequest { RequestId = "turn-1", Text = "hello" });
        var again = await first.SayAsync(new SayRequest { RequestId = "turn-1", Text = "hello" });
        var b = await second.SayAsync(new SayRequest { RequestId = "turn-1", Text = "hello" });

        Assert.Equal(a, again);
        Assert.Equal(a.Text, b.Text);
        Assert.Single((await first.GetSessionAsync(new GetSessionRequest())).Turns);
    }

    [Fact]
    public async Task A_session_survives_passivation_and_a_member_restart_with_all_turns()
    {
        // Snapshots every 2 events: recovery goes through a snapshot of the session's state, then the tail.
        var settings = new Dictionary<string, string?> { ["Grains:IdleTimeoutByKind:session"] = "00:00:01", ["Journal:SnapshotEvery"] = "2" };
        string personaId;
        SessionView before;
        await using (var member = await StartMemberAsync(settings))
        {
            personaId = await HireAdaAsync(member.Grains);
            var session = await OpenAsync(member.Grains, personaId, "s-durable");
            await session.SayAsync(new SayRequest { RequestId = Id(), Text = "first question" });
            await session.SayAsync(new SayRequest { RequestId = Id(), Text = "second question" });
            before = await session.GetSessionAsync(new GetSessionRequest());

            using var activations = new GrainActivations("session");
            var after = await Eventually.ValueAsync(() => session.GetSessionAsync(new GetSessionRequest()).ResponseAsync, _ => activations.Count > 0,
                "the idle session is passivated and recovered", interval: BetweenReads);
            Assert.True(activations.Count > 0, "the idle session was never passivated and recovered");
            Assert.Equal(before, after);

            // The recovered session carries its history into the next prompt.
            await session.SayAsync(new SayRequest { RequestId = Id(), Text = "third question" });
            Assert.Equal(["first question", "second question", "third question"],
                _model.LastPrompt.Where(m => m.Role == ChatRole.User).Select(m => m.Text));
            before = await session.GetSessionAsync(new GetSessionRequest());
        }

        await using var restarted = await StartMemberAsync(new Dictionary<string, string?> { ["Journal:SnapshotEvery"] = "2" });
        var view = await restarted.Grains.Session("acme", "s-durable").GetSessionAsync(new GetSessionRequest());
        Assert.Equal(before, view);
        Assert.Equal(3, view.Turns.Count(t => t.Status == TurnStatus.Replied));
        Assert.True(await database.SnapshotVersionAsync("session/acme/s-durable") >= 2, "the session was never snapshotted");
    }

    [Fact]
    public async Task A_reply_that_breaks_midway_is_journaled_as_interrupted_never_as_a_reply()
    {
        await using var member = await StartMemberAsync();
        var personaId = await HireAdaAsync(member.Grains);
        var session = await OpenAsync(member.Grains, personaId, "s-broken");
        _model.FailAfterPieces = 3;

        var failed = await Assert.ThrowsAsync<RpcException>(() => session.SayAsync(new SayRequest { RequestId = "turn-x", Text = "are you there?" }).ResponseAsync);
        _model.FailAfterPieces = null;
        var retried = await session.SayAsync(new SayRequest { RequestId = "turn-x", Text = "are you there?" });

        Assert.Equal(StatusCode.Unavailable, failed.StatusCode);
        var view = await session.GetSessionAsync(new GetSessionRequest());
        Assert.Equal([TurnStatus.Interrupted, TurnStatus.Replied], view.Turns.Select(t => t.Status));
        Assert.Equal("", view.Turns[0].ReplyText);
        Assert.Equal("the connection to the model was lost", view.Turns[0].Interruption);
        // The exception's own text (a socket's message can name hosts) is logged, never answered or journaled.
        Assert.DoesNotContain("test double", failed.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(retried.Text, view.Turns[1].ReplyText);
        // The interrupted turn is not part of what the model sees next.
        Assert.Equal(["are you there?"], _model.LastPrompt.Where(m => m.Role == ChatRole.User).Select(m => m.Text));
        Assert.Equal(["session_opened", "user_said", "persona_reply_interrupted", "user_said", "persona_replied"],
            await database.EventTypesAsync("session/acme/s-broken"));
    }

    [Fact]
    public async Task A_streamed_reply_the_caller_cancels_midway_is_journaled_as_interrupted_never_as_a_reply()
    {
        await using var member = await StartMemberAsync();
        var personaId = await HireAdaAsync(member.Grains);
        var session = await OpenAsync(member.Grains, personaId, "s-cancelled");
        _model.StallAfterPieces = 2;
        using var cancel = new CancellationTokenSource();

        using (var stream = session.SayStreaming(new SayRequest { RequestId = "turn-c", Text = "tell me everything" },
            deadline: DateTime.UtcNow.AddMinutes(1), cancellationToken: cancel.Token))
        {
            Assert.True(await stream.ResponseStream.MoveNext(CancellationToken.None));
            Assert.True(await stream.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(ReplyChunk.ChunkOneofCase.Token, stream.ResponseStream.Current.ChunkCase);
            await cancel.CancelAsync();
        }

        var view = await Eventually.ValueAsync(() => session.GetSessionAsync(new GetSessionRequest()).ResponseAsync, v => v.Turns.Count > 0,
            "the interrupted turn is journaled", interval: BetweenReads);
        _model.StallAfterPieces = null;
        var turn = Assert.Single(view.Turns);
        Assert.Equal((TurnStatus.Interrupted, ""), (turn.Status, turn.ReplyText));
        Assert.Contains("cancelled", turn.Interruption, StringComparison.Ordinal);
        Assert.Equal(["session_opened", "user_said", "persona_reply_interrupted"], await database.EventTypesAsync("session/acme/s-cancelled"));
    }

    [Fact]
    public async Task Opening_a_session_with_a_persona_that_does_not_exist_is_not_found()
    {
        await using var member = await StartMemberAsync();

        var refused = await Assert.ThrowsAsync<RpcException>(() => member.Grains.Session("acme", "s-nobody")
            .OpenAsync(new OpenSessionRequest { RequestId = Id(), PersonaId = "nobody", PersonId = "bob" }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, refused.StatusCode);
        Assert.Empty(await database.EventTypesAsync("session/acme/s-nobody"));
    }

    [Fact]
    public async Task Without_a_model_a_turn_demanding_generation_is_unavailable_and_leaves_nothing_while_the_default_is_answered_extractively()
    {
        // Development topology (inference kinds in-process) with neither MODEL_PATH nor OPENAI_BASE_URL set.
        await using var member = await TestMember.StartSingleNodeAsync(database.ConnectionString, kinds: MemberKinds.Core | MemberKinds.Inference);
        var personaId = await HireAdaAsync(member.Grains);
        var session = await OpenAsync(member.Grains, personaId, "s-no-model");

        var refused = await Assert.ThrowsAsync<RpcException>(() => session.SayAsync(new SayRequest { RequestId = Id(), Text = "hello?", Mode = "generate" }).ResponseAsync);
        var journaledAfterRefusal = await database.EventTypesAsync("session/acme/s-no-model");
        var quoted = await session.SayAsync(new SayRequest { RequestId = Id(), Text = "hello?" });

        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
        Assert.Contains("MODEL_PATH", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(["session_opened"], journaledAfterRefusal);
        Assert.True(quoted.Extractive);
        Assert.StartsWith(EDRS.Actors.Sessions.Prompting.ExtractiveAnswer.NoModelLine, quoted.Text, StringComparison.Ordinal);
        Assert.Equal(["session_opened", "user_said", "persona_replied"], await database.EventTypesAsync("session/acme/s-no-model"));
    }
}
