namespace EDRS.Actors.Sessions.Events;

/// <summary>
/// The person said something in turn <paramref name="Turn"/> (request <paramref name="RequestId"/>). Journaled
/// together with the turn's outcome (<see cref="PersonaReplied"/> or <see cref="PersonaReplyInterrupted"/>).
/// Stored as <c>user_said</c>.
/// </summary>
public sealed record UserSaid(int Turn, string RequestId, string Text, DateTimeOffset SaidAt) : SessionEvent;
