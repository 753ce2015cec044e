namespace EDRS.Actors.Sessions.Events;

/// <summary>A person opened a conversation with a persona. Stored as <c>session_opened</c>.</summary>
public sealed record SessionOpened(string SessionId, string PersonaId, string PersonId, DateTimeOffset OpenedAt) : SessionEvent;
