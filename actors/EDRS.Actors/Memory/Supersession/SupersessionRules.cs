using System.Numerics.Tensors;

namespace EDRS.Actors.Memory.Supersession;

/// <summary>
/// The deterministic rules for "does this memory update one the persona already holds": only a memory about the same person
/// (or both about no one) and of the same kind can, only the newest memory of its line (one not yet updated) is a
/// candidate, and of the candidates the most similar one is updated when its similarity, helped when the newer memory
/// reads as a change, reaches the model's threshold (<see cref="SupersessionCalibration"/>). A memory older than the one it
/// matches (an import of the past) is recorded as updated by it instead. A chat model, when configured, may judge the
/// candidates instead (the grain asks it; these rules stay the fallback).
/// </summary>
public static class SupersessionRules
{
    /// <summary>Memories worth asking a judge about: same person and kind, newest of their line, most similar first.</summary>
    public static IReadOnlyList<(MemoryEntry Entry, double Similarity)> Candidates(MemoryState state, MemoryEntry incoming, int limit)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(incoming);
        return
        [
            .. state.Entries.Values
                .Where(e => e.Id != incoming.Id && e.Kind == incoming.Kind
                    && string.Equals(e.PersonId, incoming.PersonId, StringComparison.Ordinal)
                    && e.SupersededBy.IsEmpty && e.Vector.Length == incoming.Vector.Length && e.Vector.Length > 0)
                .Select(e => (Entry: e, Similarity: (double)TensorPrimitives.Dot(e.Vector, incoming.Vector)))
                .OrderByDescending(c => c.Similarity)
                .ThenByDescending(c => c.Entry.OccurredAt)
                .Take(limit),
        ];
    }

    /// <summary>The update <paramref name="incoming"/> takes part in by the rules, or null when it updates nothing.</summary>
    public static SupersessionLink? Decide(MemoryState state, MemoryEntry incoming, SupersessionCalibration calibration)
    {
        ArgumentNullException.ThrowIfNull(calibration);
        SupersessionLink? best = null;
        var bestScore = double.NegativeInfinity;
        foreach (var (entry, similarity) in Candidates(state, incoming, int.MaxValue))
        {
            var incomingIsNewer = incoming.OccurredAt >= entry.OccurredAt;
            var newerText = incomingIsNewer ? incoming.Text : entry.Text;
            var score = similarity + (ChangeCues.ReadsAsChange(newerText) ? calibration.ChangeBonus : 0);
            if (score >= calibration.Threshold && score > bestScore)
            {
                bestScore = score;
                best = incomingIsNewer ? new SupersessionLink(entry.Id, incoming.Id) : new SupersessionLink(incoming.Id, entry.Id);
            }
        }
        return best;
    }
}
