using EDRS.Actors.Sessions;
using EDRS.Actors.Sessions.Commands;
using EDRS.Actors.Sessions.Events;
using EDRS.Actors.Sessions.Prompting;
using EDRS.Grains.Runtime;

namespace EDRS.Actors.Tests.Sessions;

public sealed class SessionDeciderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    private static readonly AssembledPrompt Prompt = new([], 120, 2, 1, 3, 1);

    private static SessionState Opened() =>
        SessionDecider.Decide(new OpenSession("s1", "ada", "bob"), SessionState.Initial, T0)
            .Aggregate(SessionState.Initial, SessionDecider.Evolve);

    [Fact]
    public void Opening_records_who_talks_to_whom_and_a_second_open_is_refused()
    {
        var state = Opened();

        Assert.True(state.IsOpen);
        Assert.Equal(("s1", "ada", "bob"), (state.SessionId, state.PersonaId, state.PersonId));
        var again = Assert.Throws<CommandRejectedException>(() => SessionDecider.Decide(new OpenSession("s1", "ada", "bob"), state, T0));
        Assert.Equal(RejectionReason.AlreadyExists, again.Reason);
    }

    [Theory]
    [InlineData("", "bob", "personaId")]
    [InlineData("ada", "bob smith", "personId")]
    public void Open_names_the_bad_field(string personaId, string personId, string field)
    {
        var refused = Assert.Throws<CommandRejectedException>(() =>
            SessionDecider.Decide(new OpenSession("s1", personaId, personId), SessionState.Initial, T0));

        Assert.Equal(field, refused.Field);
    }

    [Fact]
    public void A_replied_turn_journals_what_was_said_and_the_whole_reply()
    {
        var state = Opened();
        var turn = SessionDecider.Accept(new Say("  hello  ", 0), state, 64);

        var events = SessionDecider.Decide(new RecordReply(turn, "r1", T0, "hi Bob", Prompt, 5), state, T0.AddSeconds(1));
        state = events.Aggregate(state, SessionDecider.Evolve);

        Assert.Equal(new ValidTurn(1, "hello", 64), turn);
        Assert.IsType<UserSaid>(events[0]);
        Assert.IsType<PersonaReplied>(events[1]);
        var replied = Assert.Single(state.Turns);
        Assert.Equal((TurnOutcome.Replied, "hello", "hi Bob", 120, 5, 3, 1), (replied.Outcome, replied.UserText, replied.Reply, replied.PromptTokens, replied.ReplyTokens, replied.TurnsInPrompt, replied.TurnsLeftOut));
        Assert.Same(replied, state.TurnOf("r1"));
    }

    [Fact]
    public void An_interrupted_turn_keeps_no_reply_and_is_not_part_of_the_conversation_the_model_sees()
    {
        var state = Opened();
        var turn = SessionDecider.Accept(new Say("hello", 0), state, 64);

        state = SessionDecider.Decide(new RecordInterruption(turn, "r1", T0, "the model failed", 3), state, T0).Aggregate(state, SessionDecider.Evolve);

        var interrupted = Assert.Single(state.Turns);
        Assert.Equal((TurnOutcome.Interrupted, "", "the model failed"), (interrupted.Outcome, interrupted.Reply, interrupted.Interruption));
        Assert.Empty(state.RepliedTurns);
        Assert.Null(state.TurnOf("r1"));
        Assert.Equal(2, SessionDecider.Accept(new Say("again", 0), state, 64).Number);
    }

    [Theory]
    [InlineData("", 0, "text")]
    [InlineData("hi", -1, "maxReplyTokens")]
    [InlineData("hi", 4_097, "maxReplyTokens")]
    public void Bad_turns_are_refused_naming_the_field(string text, int maxReplyTokens, string field)
    {
        var refused = Assert.Throws<CommandRejectedException>(() =>
            SessionDecider.Accept(new Say(text, maxReplyTokens), Opened(), 64));

        Assert.Equal(RejectionReason.Invalid, refused.Reason);
        Assert.Equal(field, refused.Field);
    }

    [Fact]
    public void Talking_in_a_session_that_was_never_opened_is_not_found()
    {
        var refused = Assert.Throws<CommandRejectedException>(() => SessionDecider.Accept(new Say("hi", 0), SessionState.Initial, 64));

        Assert.Equal(RejectionReason.NotFound, refused.Reason);
    }
}
