using EDRS.Actors.Sessions.Commands;
using EDRS.Actors.Sessions.Events;
using EDRS.Actors.Sessions.Prompting;
using EDRS.Actors.Tools.Calling;
using EDRS.Grains.Runtime;

namespace EDRS.Actors.Sessions;

/// <summary>
/// The session's rules, pure. A turn is decided in two steps around the model call, which is I/O and belongs to
/// the grain: <see cref="Accept"/> validates what the person said before anything is generated, then
/// <see cref="RecordReply"/> or <see cref="RecordInterruption"/> yields the turn's events, journaled together, so the
/// journal never holds a reply that was not complete. No wire types, no clock (the time is passed in).
/// </summary>
public static class SessionDecider
{
    public static IReadOnlyList<SessionEvent> Decide(SessionCommand command, SessionState state, DateTimeOffset now) => command switch
    {
        OpenSession c => Open(c, state, now),
        RecordReply c =>
        [
            new UserSaid(c.Turn.Number, c.RequestId, c.Turn.Text, c.SaidAt),
            .. ToolCallsOf(c.Turn.Number, c.ToolCalls),
            new PersonaReplied(c.Turn.Number, c.Reply, c.Prompt.Tokens, c.ReplyTokens, c.Prompt.TurnsIncluded, c.Prompt.TurnsLeftOut, now,
                c.Citations is { Count: > 0 } cited ? cited : null, c.Extractive),
        ],
        RecordInterruption c =>
        [
            new UserSaid(c.Turn.Number, c.RequestId, c.Turn.Text, c.SaidAt),
            .. ToolCallsOf(c.Turn.Number, c.ToolCalls),
            new PersonaReplyInterrupted(c.Turn.Number, Truncated(c.Reason, SessionLimits.MaxInterruptionLength), c.TokensStreamed, now),
        ],
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "A session does not know this command."),
    };

    /// <summary>Validates what the person said, before anything is generated; the turn it would be.</summary>
    /// <param name="maxTurns">Turns the session may hold (<c>Quotas:TurnsPerSession</c>).</param>
    public static ValidTurn Accept(Say command, SessionState state, int defaultMaxReplyTokens, int maxTurns = SessionLimits.MaxTurns)
    {
        if (!state.IsOpen)
            throw Reject.NotFound("The session does not exist.");
        var text = command.Text.Trim();
        if (text.Length == 0)
            throw Reject.Invalid("text", "is required");
        if (text.Length > SessionLimits.MaxMessageLength)
            throw Reject.Invalid("text", $"must be at most {SessionLimits.MaxMessageLength} characters (was {text.Length})");
        if (command.MaxReplyTokens is < 0 or > SessionLimits.MaxReplyTokens)
            throw Reject.Invalid("maxReplyTokens", $"must be 0 (the default) or 1..{SessionLimits.MaxReplyTokens}");
        if (state.Turns.Count >= maxTurns)
            throw Reject.LimitReached(SessionLimits.TurnsQuota,
                $"The session holds {state.Turns.Count} turns, its limit: open a new session with the persona (what it knows about the person carries over).");
        var number = state.Turns.Count == 0 ? 1 : state.Turns[^1].Number + 1;
        return new ValidTurn(number, text, command.MaxReplyTokens == 0 ? defaultMaxReplyTokens : command.MaxReplyTokens);
    }

    private static IReadOnlyList<SessionEvent> Open(OpenSession command, SessionState state, DateTimeOffset now)
    {
        RequireEntityId("personaId", command.PersonaId);
        RequireEntityId("personId", command.PersonId);
        if (state.IsOpen)
            throw Reject.AlreadyExists($"Session {command.SessionId} is already open.");
        return [new SessionOpened(command.SessionId, command.PersonaId, command.PersonId, now)];
    }

    private static IEnumerable<SessionEvent> ToolCallsOf(int turn, IReadOnlyList<ModelToolCall>? calls) =>
        (calls ?? []).Select(c => new PersonaCalledTool(turn, c.CallId, c.Tool, ToolCalling.Bounded(c.Arguments), ToolCalling.Bounded(c.Result), c.Succeeded));

    private static string Truncated(string text, int maxLength) => text.Length > maxLength ? text[..maxLength] : text;

    public static SessionState Evolve(SessionState state, SessionEvent @event) => @event switch
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
            Citations = e.Citations,
            Extractive = e.Extractive,
        }),
        PersonaCalledTool e => WithTurn(state, e.Turn, t => t with
        {
            ToolCalls = [.. t.ToolCalls ?? [], new ModelToolCall(e.CallId, e.Tool, e.Arguments, e.Result, e.Succeeded)],
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
            throw Reject.Invalid(field, $"must be {GrainIds.EntityIdRule}");
    }
}
