using System.Collections.Immutable;

namespace EDRS.Actors.Memory.Retrieval;

/// <summary>
/// A person the persona has memories about, with the names it knows them by: the words of their id
/// (<c>maria-garcia</c> → maria, garcia), the words of names written about them that share one of those ("Tomás Novák"),
/// and nicknames their memories introduce ("goes by Kit").
/// </summary>
public sealed record KnownPerson(string PersonId, ImmutableArray<string> IdTokens, ImmutableHashSet<string> NameTokens, ImmutableHashSet<string> Aliases)
{
    /// <summary>The first word of the id: the first name, as people usually write ids.</summary>
    public string FirstName => IdTokens[0];

    /// <summary>The last word of the id: the family name (for a one-word id, the same as <see cref="FirstName"/>).</summary>
    public string LastName => IdTokens[^1];
}
