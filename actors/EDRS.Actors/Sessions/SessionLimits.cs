namespace EDRS.Actors.Sessions;

/// <summary>The bounds a session's commands are validated against.</summary>
public static class SessionLimits
{
    public const int MaxMessageLength = 8_000;

    /// <summary>Reply tokens a caller may ask for.</summary>
    public const int MaxReplyTokens = 4_096;

    /// <summary>The most <c>Quotas:TurnsPerSession</c> may allow (its default is lower: the snapshot budget decides).</summary>
    public const int MaxTurns = 5_000;

    /// <summary>
    /// Characters of one reply: generation stops here as at its token limit. Tokens alone do not bound a reply's length (a
    /// token may decode to many characters), and a session's state must stay within its snapshot budget.
    /// </summary>
    public const int MaxReplyLength = 20_000;

    /// <summary>The quota a full session names.</summary>
    public const string TurnsQuota = "Quotas:TurnsPerSession";

    public const int MaxInterruptionLength = 500;
}
