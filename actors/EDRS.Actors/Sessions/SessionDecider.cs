using EDRS.Actors.Sessions.Events;
using EDRS.Actors.Sessions.Prompting;
using EDRS.Grains.Contracts.Sessions;
using EDRS.Grains.Runtime;

namespace EDRS.Actors.Sessions;

/// <summary>
/// The session's rules, pure. A turn is decided in two steps around the model call, which is I/O and belongs to
/// the grain: <see cref="Accept"/> validates what the person said before anything is generated, then
/// <see cref="Replied"/> or <see cref="Interrupted"/> yields the turn's events, journaled together, so the journal
/// never holds a reply that was not complete.
/// </summary>
public static class SessionDecider
{
    public static IReadOnlyList<object> Decide(OpenSessionRequest command, SessionState state, string sessionId, DateTimeOffset now)
    {
        RequireEntityId("personaId", command.PersonaId);
        RequireEntityId("personId", command.PersonId);
        if (state.IsOpen)
            throw GrainException.AlreadyExists($"Session {sessionId} is already open.");
        return [new SessionOpened(sessionId, command.PersonaId, command.PersonId, now)];
    }

    public static ValidTurn Accept(SayRequest command, SessionState state, int defaultMaxReplyTokens)
    {
        if (!state.IsOpen)
            throw GrainException.NotFound("The session does not exist.");
        var text = command.Text.Trim();
        if (text.Length == 0)
            throw GrainException.Invalid("text", "is required");
        if (text.Length > SessionLimits.MaxMessageLength)
            throw GrainException.Invalid("text", $"must be at most {SessionLimits.MaxMessageLength} characters (was {text.Length})");
        if (command.MaxReplyTokens is < 0 or > SessionLimits.MaxReplyTokens)
            throw GrainException.Invalid("maxReplyTokens", $"must be 0 (the default) or 1..{SessionLimits.MaxReplyTokens}");
        if (state.Turns.Count >= SessionLimits.MaxTurns)
            throw GrainException.FailedPrecondition(
                $"The session holds {SessionLimits.MaxTurns} turns: open a new session with the persona (what it knows about the person carries over).");
        var number = state.Turns.Count == 0 ? 1 : state.Turns[^1].Number + 1;
        return new ValidTurn(number, text, command.MaxReplyTokens == 0 ? defaultMaxReplyTokens : command.MaxReplyTokens);
    }

    public static IReadOnlyList<object> Replied(
        ValidTurn turn, string requestId, DateTimeOffset saidAt, string reply, AssembledPrompt prompt, int replyTokens, DateTimeOffset now) =>
    [
        new UserSaid(turn.Number, requestId, turn.Text, saidAt),
        new PersonaReplied(turn.Number, reply, prompt.Tokens, replyTokens, prompt.TurnsIncluded, prompt.TurnsLeftOut, now),
    ];

    public static IReadOnlyList<object> Interrupted(
        ValidTurn turn, string requestId, DateTimeOffset saidAt, string reason, int tokensStreamed, DateTimeOffset now) =>
    [
        new UserSaid(turn.Number, requestId, turn.Text, saidAt),
        new PersonaReplyInterrupted(turn.Number, reason.Length > SessionLimits.MaxInterruptionLength ? reason[..SessionLimits.MaxInterruptionLength] : reason, tokensStreamed, now),
    ];

    public static SessionState Evolve(SessionState state, object @event) => @event switch
    {
        SessionOpened e => state with { IsOpen = true, SessionId = e.SessionId, PersonaId = e.PersonaId, PersonId = e.PersonId, OpenedAt = e.OpenedAt },
        UserSaid e => state with
        {
            Turns = state.Turns.Add(new SessionTurn(e.Turn, e.RequestId, e.Text, e.SaidAt, TurnOutcome.Pending, "", null, 0, 0, 0, 0, "")),
        },
        PersonaReplied e => WithTurn(state, e.Turn, t => t with
        {
            Outcome = TurnOutcome.Replied,
            Reply = e.Text,
            EndedAt = e.RepliedAt,
            PromptTokens = e.PromptTokens,
            ReplyTokens = e.ReplyTokens,
            TurnsInPrompt = e.TurnsInPrompt,
            TurnsLeftOut = e.TurnsLeftOut,
        }),
        PersonaReplyInterrupted e => WithTurn(state, e.Turn, t => t with { Outcome = TurnOutcome.Interrupted, EndedAt = e.InterruptedAt, Interruption = e.Reason }),
        _ => throw new InvalidOperationException($"A session does not know the event {@event.GetType().Name}."),
    };

    private static SessionState WithTurn(SessionState state, int number, Func<SessionTurn, SessionTurn> change)
    {
        var index = state.Turns.FindLastIndex(t => t.Number == number);
        return index < 0
            ? throw new InvalidOperationException($"Turn {number} ended but was never said.")
            : state with { Turns = state.Turns.SetItem(index, change(state.Turns[index])) };
    }

    private static void RequireEntityId(string field, string value)
    {
        if (!GrainIds.IsEntityId(value))
            throw GrainException.Invalid(field, $"must be {GrainIds.EntityIdRule}");
    }
}
