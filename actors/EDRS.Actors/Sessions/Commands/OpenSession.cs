namespace EDRS.Actors.Sessions.Commands;

/// <summary>Open the session <paramref name="SessionId"/>: <paramref name="PersonId"/> talks to <paramref name="PersonaId"/>.</summary>
public sealed record OpenSession(string SessionId, string PersonaId, string PersonId) : SessionCommand;
