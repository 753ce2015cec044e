using EDRS.Grains.Contracts.Events;

namespace EDRS.Actors.Inbound.Routing;

/// <summary>
/// The routing rule, pure: among the personas that fit (whose patterns match the event type, or who have every skill a
/// task needs), minus one that handed the work back, the one with the least open work; ties rotate, so equal personas
/// share the stream.
/// </summary>
public static class RoutingDecider
{
    /// <param name="personas">The tenant's routing table.</param>
    /// <param name="loads">Open work per persona as known now; the caller adds each assignment it makes.</param>
    /// <param name="rotation">Advanced on every tie, so ties go round.</param>
    public static RoutingChoice Choose(
        IReadOnlyList<RoutedPersona> personas,
        IReadOnlyDictionary<string, int> loads,
        string eventType,
        string? exclude,
        ref uint rotation) =>
        Choose(personas, loads, p => EventTypePatterns.AnyMatches(p.Handles, eventType), $"handling {eventType}", $"handles {eventType}", exclude, ref rotation);

    /// <summary>
    /// The owner of a task: among the personas that have every one of <paramref name="skills"/> (compared without case;
    /// none required: any persona), the least loaded, ties rotating.
    /// </summary>
    public static RoutingChoice ChooseBySkills(
        IReadOnlyList<RoutedPersona> personas,
        IReadOnlyDictionary<string, int> loads,
        IReadOnlyList<string> skills,
        string? exclude,
        ref uint rotation)
    {
        var needed = skills.Count == 0 ? "any skill" : "the skills " + string.Join(", ", skills);
        return Choose(personas, loads, p => HasSkills(p, skills), $"with {needed}", $"has {needed}", exclude, ref rotation);
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
        ref uint rotation)
    {
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
            candidates++;
            var load = loads.TryGetValue(persona.PersonaId, out var l) ? l : persona.Open;
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
            var reason = exclude is null
                ? $"no persona {fitsNobody}"
                : $"returned by {exclude}; no other persona {fitsNobody}";
            return new RoutingChoice(null, reason, 0);
        }
        if (tied > 1)
            best = personas[tiedIndexes[(int)(rotation++ % (uint)tied)]].PersonaId;
        var why = $"least open work ({bestLoad}) of {candidates} persona(s) {fitting}" + (tied > 1 ? $", {tied} tied (rotated)" : "")
            + (exclude is null ? "" : $"; returned by {exclude}");
        return new RoutingChoice(best, why, candidates);
    }
}
