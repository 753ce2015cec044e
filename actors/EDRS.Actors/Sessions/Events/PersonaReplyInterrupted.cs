namespace EDRS.Actors.Sessions.Events;

/// <summary>
/// Generating the reply to turn <paramref name="Turn"/> failed or was cancelled after <paramref name="TokensStreamed"/>
/// pieces: the partial text is not kept, so no half reply ever reads as the persona's answer. Stored as
/// <c>persona_reply_interrupted</c>.
/// </summary>
public sealed record PersonaReplyInterrupted(int Turn, string Reason, int TokensStreamed, DateTimeOffset InterruptedAt) : SessionEvent;
