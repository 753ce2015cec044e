namespace EDRS.Actors.Sessions;

/// <summary>How a turn ended. Stored as its number: never renumber.</summary>
public enum TurnOutcome
{
    /// <summary>Said, outcome not journaled yet (only inside a decision, never in a recovered state).</summary>
    Pending = 0,
    Replied = 1,
    Interrupted = 2,
}
