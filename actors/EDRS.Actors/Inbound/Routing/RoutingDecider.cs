using EDRS.Grains.Contracts.Events;

namespace EDRS.Actors.Inbound.Routing;

/// <summary>
/// The routing rule, pure: among the personas that fit (whose patterns match the event type, or who have every skill a
/// task needs), minus one that handed the work back and those whose inbox is full, the one with the least open work;
/// ties rotate, so equal personas share the stream.
/// </summary>
public static class RoutingDecider
{
    /// <param name="personas">The tenant's routing table.</param>
    /// <param name="loads">Open work per persona as known now; the caller adds each assignment it makes.</param>
    /// <param name="rotation">Advanced on every tie, so ties go round.</param>
    /// <param name="maxOpen">A persona with this much open work has a full inbox (<c>Quotas:OpenWorkPerPersona</c>) and is passed by.</param>
    public static RoutingChoice Choose(
        IReadOnlyList<RoutedPersona> personas,
        IReadOnlyDictionary<string, int> loads,
        string eventType,
        string? exclude,
        ref uint rotation,
        int maxOpen = int.MaxValue) =>
        Choose(personas, loads, p => EventTypePatterns.AnyMatches(p.Handles, eventType), $"handling {eventType}", $"handles {eventType}", exclude, ref rotation, maxOpen);

    /// <summary>
    /// The owner of a task: among the personas that have every one of <paramref name="skills"/> (compared without case;
    /// none required: any persona), the least loaded, ties rotating.
    /// </summary>
    public static RoutingChoice ChooseBySkills(
        IReadOnlyList<RoutedPersona> personas,
        IReadOnlyDictionary<string, int> loads,
        IReadOnlyList<string> skills,
        string? exclude,
        ref uint rotation,
        int maxOpen = int.MaxValue)
    {
        var needed = skills.Count == 0 ? "any skill" : "the skills " + string.Join(", ", skills);
        return Choose(personas, loads, p => HasSkills(p, skills), $"with {needed}", $"has {needed}", exclude, ref rotation, maxOpen);
    }

    private static bool HasSkills(RoutedPersona persona, IReadOnlyList<string> skills)
    {
        foreach (var skill in skills)
        {
            if (!persona.Skills.Contains(skill, StringComparer.OrdinalIgnoreCase))
                return false;
        }
        return true;
    }

    private static RoutingChoice Choose(
        IReadOnlyList<RoutedPersona> personas,
        IReadOnlyDictionary<string, int> loads,
        Func<RoutedPersona, bool> fits,
        string fitting,
        string fitsNobody,
        string? exclude,
        ref uint rotation,
        int maxOpen)
    {
        var full = 0;
        string? best = null;
        var bestLoad = int.MaxValue;
        var candidates = 0;
        var tied = 0;
        Span<int> tiedIndexes = personas.Count <= 256 ? stackalloc int[personas.Count] : new int[personas.Count];
        for (var i = 0; i < personas.Count; i++)
        {
            var persona = personas[i];
            if (persona.PersonaId == exclude || !fits(persona))
                continue;
            var load = loads.TryGetValue(persona.PersonaId, out var l) ? l : persona.Open;
            if (load >= maxOpen)
            {
                full++;
                continue;
            }
            candidates++;
            if (load < bestLoad)
            {
                bestLoad = load;
                best = persona.PersonaId;
                tied = 0;
                tiedIndexes[tied++] = i;
            }
            else if (load == bestLoad)
            {
                tiedIndexes[tied++] = i;
            }
        }
        if (best is null)
        {
            var reason = full > 0
                ? $"every persona {fitting} has a full inbox ({full} at {maxOpen} open items)"
                : exclude is null
                    ? $"no persona {fitsNobody}"
                    : $"returned by {exclude}; no other persona {fitsNobody}";
            if (full > 0 && exclude is not null)
                reason = $"returned by {exclude}; {reason}";
            return new RoutingChoice(null, reason, 0);
        }
        if (tied > 1)
            best = personas[tiedIndexes[(int)(rotation++ % (uint)tied)]].PersonaId;
        var why = $"least open work ({bestLoad}) of {candidates} persona(s) {fitting}" + (tied > 1 ? $", {tied} tied (rotated)" : "")
            + (exclude is null ? "" : $"; returned by {exclude}");
        return new RoutingChoice(best, why, candidates);
    }
}
