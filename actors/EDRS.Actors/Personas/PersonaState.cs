using System.Collections.Immutable;
using EDRS.Actors.Personas.Inbox;

namespace EDRS.Actors.Personas;

/// <summary>
/// A persona as folded from its events: its profile and, per person, the facts it currently holds
/// (superseded, retracted and forgotten facts are gone).
/// </summary>
public sealed record PersonaState(
    bool IsHired,
    string PersonaId,
    Profile Profile,
    DateTimeOffset HiredAt,
    DateTimeOffset UpdatedAt,
    long LastFactId,
    ImmutableDictionary<string, ImmutableList<KnownFact>> People)
{
    public static readonly PersonaState Initial =
        new(false, "", Profile.Empty, default, default, 0, ImmutableDictionary<string, ImmutableList<KnownFact>>.Empty.WithComparers(StringComparer.Ordinal));

    /// <summary>Open work routed to the persona, in serving order; its count is the persona's load.</summary>
    public PersonaInbox Inbox { get; init; } = PersonaInbox.Empty;

    /// <summary>The facts held about <paramref name="personId"/> (empty if none).</summary>
    public ImmutableList<KnownFact> FactsAbout(string personId) =>
        People.TryGetValue(personId, out var facts) ? facts : [];

    /// <summary>The facts held about all people (bounded by the quotas: at most a few thousand people to add up).</summary>
    public int FactCount()
    {
        var count = 0;
        foreach (var facts in People.Values)
            count += facts.Count;
        return count;
    }
}
