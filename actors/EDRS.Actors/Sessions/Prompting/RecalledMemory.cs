namespace EDRS.Actors.Sessions.Prompting;

/// <summary>
/// A long-term memory the persona recalled for the message: what it remembers, about whom, when it happened, and whether a
/// newer memory has updated it since (kept so "what did she prefer before?" can still be answered).
/// </summary>
public sealed record RecalledMemory(string Text, string PersonId, DateTimeOffset OccurredAt, bool Superseded);
