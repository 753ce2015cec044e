namespace EDRS.Actors.Sessions;

/// <summary>The bounds a session's commands are validated against.</summary>
public static class SessionLimits
{
    public const int MaxMessageLength = 8_000;

    /// <summary>Reply tokens a caller may ask for.</summary>
    public const int MaxReplyTokens = 4_096;

    /// <summary>Turns one session holds; a longer conversation opens a new session (the persona's memories carry over).</summary>
    public const int MaxTurns = 5_000;

    public const int MaxInterruptionLength = 500;
}
