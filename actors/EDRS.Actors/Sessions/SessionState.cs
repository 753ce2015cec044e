using System.Collections.Immutable;

namespace EDRS.Actors.Sessions;

/// <summary>A session as folded from its events: who talks to whom, and every turn, oldest first.</summary>
public sealed record SessionState(
    bool IsOpen,
    string SessionId,
    string PersonaId,
    string PersonId,
    DateTimeOffset OpenedAt,
    ImmutableList<SessionTurn> Turns)
{
    public static readonly SessionState Initial = new(false, "", "", "", default, []);

    /// <summary>The turn a request id started, if any (request ids of turns are remembered for the session's life).</summary>
    public SessionTurn? TurnOf(string requestId) => Turns.Find(t => t.RequestId == requestId && t.Outcome == TurnOutcome.Replied);

    /// <summary>The turns that ended with a reply: what a prompt may carry as the conversation so far.</summary>
    public IEnumerable<SessionTurn> RepliedTurns => Turns.Where(t => t.Outcome == TurnOutcome.Replied);
}
