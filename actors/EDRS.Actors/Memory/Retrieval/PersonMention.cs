namespace EDRS.Actors.Memory.Retrieval;

/// <summary>
/// A person a text refers to, and how surely: 1 for a full name, a nickname or an explicit id; less for a first or family
/// name alone, shared out when several people have it.
/// </summary>
public readonly record struct PersonMention(string PersonId, double Strength);
