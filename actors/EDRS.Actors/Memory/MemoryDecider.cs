using System.Collections.Immutable;
using EDRS.Actors.Memory.Commands;
using EDRS.Actors.Memory.Events;
using EDRS.Actors.Memory.Retrieval;
using EDRS.Actors.Memory.Supersession;
using EDRS.Actors.Memory.Vectors;
using EDRS.Grains.Runtime;

namespace EDRS.Actors.Memory;

/// <summary>
/// The long-term memory's rules, pure: <see cref="Decide"/> validates a command against the state and returns the events it
/// causes (or throws a rejection); <see cref="Evolve"/> folds one event. Embedding and a model's judgement happen before
/// (the grain passes their results in the command), so deciding never waits on anything.
/// </summary>
public static class MemoryDecider
{
    private static readonly IReadOnlyList<MemoryEvent> Nothing = [];

    public static IReadOnlyList<MemoryEvent> Decide(MemoryCommand command, MemoryState state, DateTimeOffset now) => command switch
    {
        RecordMemory c => Record(c, state, now),
        ReviseMemory c => Revise(c, state, now),
        ForgetMemory c => Forget(c, state, now),
        ExpireMemories c => Expire(c, state, now),
        ErasePerson c => Erase(c.PersonId, state, now),
        MirrorFacts c => Mirror(c, state, now),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "A memory does not know this command."),
    };

    /// <summary>The text a memory would keep, or a rejection naming <c>text</c>: checked before anything is embedded.</summary>
    public static string ValidText(string text, string field = "text", int maxLength = MemoryLimits.MaxTextLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
            throw Reject.Invalid(field, "is required");
        if (trimmed.Length > maxLength)
            throw Reject.Invalid(field, $"must be at most {maxLength} characters (was {trimmed.Length})");
        if (trimmed.AsSpan().IndexOfAnyInRange('\u0000', '\u0008') >= 0 || trimmed.AsSpan().IndexOfAnyInRange('\u000e', '\u001f') >= 0
            || trimmed.Contains('\u000b', StringComparison.Ordinal) || trimmed.Contains('\u000c', StringComparison.Ordinal))
            throw Reject.Invalid(field, "must not contain control characters other than line breaks and tabs");
        return trimmed;
    }

    private static IReadOnlyList<MemoryEvent> Record(RecordMemory command, MemoryState state, DateTimeOffset now)
    {
        var text = ValidText(command.Text);
        if (command.PersonId.Length > 0 && !GrainIds.IsEntityId(command.PersonId))
            throw Reject.Invalid("personId", $"must be empty or {GrainIds.EntityIdRule}");
        var kind = command.Kind is { } k && Enum.IsDefined(k)
            ? k
            : throw Reject.Invalid("kind", $"must be one of {EntryKinds.Allowed}");
        var importance = command.Importance == 0 ? MemoryLimits.DefaultImportance : command.Importance;
        if (importance is < 1 or > 10)
            throw Reject.Invalid("importance", $"must be 1..10 (was {command.Importance})");
        var occurredAt = command.OccurredAt ?? now;
        if (occurredAt > now + MemoryLimits.FutureTolerance)
            throw Reject.Invalid("occurredAt", "must not be in the future");
        var source = command.Source is { } s && Enum.IsDefined(s)
            ? s
            : throw Reject.Invalid("source", $"must be one of {EntrySources.Allowed}");
        if (command.Origin.Length > MemoryLimits.MaxOriginLength)
            throw Reject.Invalid("origin", $"must be at most {MemoryLimits.MaxOriginLength} characters");
        RequireVector(state, command.Vector, command.Model);
        // Mirrors and promotions name their origin: the same origin twice is the same memory.
        if (command.Origin.Length > 0 && state.FindOrigin(command.Origin) is not null)
            return Nothing;
        if (state.Entries.Count >= MemoryLimits.MaxMemories)
            throw Reject.LimitReached("Memory:MaxMemories", $"The persona holds {MemoryLimits.MaxMemories} memories: delete some (or let old episodes expire) first.");

        var entry = new MemoryEntry(state.LastId + 1, text, command.PersonId, kind, importance, occurredAt, now, source, command.Origin, [], [])
        {
            Vector = command.Vector,
        };
        var link = command.Judged is { } judged ? Judged(state, entry, judged) : SupersessionRules.Decide(state, entry, SupersessionCalibration.For(command.Model));
        return [Recorded(entry, command.Model, link)];
    }

    /// <summary>A judge's verdict, held to the same limits as the rules: same person and kind, a memory still current.</summary>
    private static SupersessionLink? Judged(MemoryState state, MemoryEntry entry, JudgedUpdate judged)
    {
        if (judged.UpdatesId is not { } id || state.Find(id) is not { } older || !older.SupersededBy.IsEmpty
            || older.Kind != entry.Kind || !string.Equals(older.PersonId, entry.PersonId, StringComparison.Ordinal))
            return null;
        return older.OccurredAt <= entry.OccurredAt ? new SupersessionLink(older.Id, entry.Id) : new SupersessionLink(entry.Id, older.Id);
    }

    private static MemoryRecorded Recorded(MemoryEntry entry, string model, SupersessionLink? link) => new(
        entry.Id, entry.Text, entry.PersonId, entry.Kind, entry.Importance, entry.OccurredAt, entry.RecordedAt, entry.Source, entry.Origin,
        HalfVectors.Encode(entry.Vector), model,
        link is { } l && l.Newer == entry.Id ? [l.Older] : [],
        link is { } m && m.Older == entry.Id ? [m.Newer] : []);

    private static IReadOnlyList<MemoryEvent> Revise(ReviseMemory command, MemoryState state, DateTimeOffset now)
    {
        var text = ValidText(command.Text);
        RequireVector(state, command.Vector, state.Model);
        if (state.Find(command.Id) is null)
            throw Reject.NotFound($"The persona holds no memory {command.Id}.");
        return [new MemoryRevised(command.Id, text, HalfVectors.Encode(command.Vector), now)];
    }

    private static IReadOnlyList<MemoryEvent> Forget(ForgetMemory command, MemoryState state, DateTimeOffset now) =>
        state.Find(command.Id) is null
            ? throw Reject.NotFound($"The persona holds no memory {command.Id} (never held, deleted, expired or erased).")
            : [new MemoryForgotten(command.Id, command.Reason, now)];

    private static IReadOnlyList<MemoryEvent> Expire(ExpireMemories command, MemoryState state, DateTimeOffset now)
    {
        if (command.Retention <= TimeSpan.Zero)
            return Nothing;
        long[] expired = [.. state.ExpiredAt(now, command.Retention, command.KeepFromImportance).Select(e => e.Id)];
        return expired.Length == 0 ? Nothing : [new MemoriesExpired(expired, now)];
    }

    private static IReadOnlyList<MemoryEvent> Erase(string personId, MemoryState state, DateTimeOffset now)
    {
        if (!GrainIds.IsEntityId(personId))
            throw Reject.Invalid("personId", $"must be {GrainIds.EntityIdRule}");
        long[] erased = [.. AboutPerson(state, personId).Select(e => e.Id)];
        // Journaled even when nothing about them is held now: memories of theirs already gone from state (a retracted fact's
        // mirror, a deleted or expired memory) still have their text in the events that recorded them, and those are redacted.
        return [new PersonMemoriesErased(personId, erased, now)];
    }

    /// <summary>The memories about <paramref name="personId"/>: attributed to them, or naming them by full name or nickname.</summary>
    public static IEnumerable<MemoryEntry> AboutPerson(MemoryState state, string personId)
    {
        ArgumentNullException.ThrowIfNull(state);
        var people = PersonDirectory.Of(state.Entries.Values);
        return state.Entries.Values.Where(e => e.IsAbout(personId) || (people.Find(personId) is not null && people.NamesFully(e.Text, personId)));
    }

    private static IReadOnlyList<MemoryEvent> Mirror(MirrorFacts command, MemoryState state, DateTimeOffset now)
    {
        if (command.ThroughVersion <= state.FactsMirroredThrough)
            return Nothing;
        var events = new List<MemoryEvent>();
        var working = state;
        foreach (var change in command.Changes)
        {
            foreach (var e in MirrorOne(change, working))
            {
                events.Add(e);
                working = Evolve(working, e);
            }
        }
        events.Add(new FactsMirrored(command.ThroughVersion, now));
        return events;
    }

    private static IEnumerable<MemoryEvent> MirrorOne(FactChange change, MemoryState state)
    {
        var origin = FactOrigin(change.FactId);
        switch (change.Type)
        {
            // An erased fact (its text redacted before it was mirrored) has nothing left to mirror.
            case FactChangeType.Remembered when change.Text.Length > 0 && change.Vector.Length > 0 && state.FindOrigin(origin) is null:
                RequireVector(state, change.Vector, change.Model);
                var entry = new MemoryEntry(state.LastId + 1, change.Text, change.PersonId, change.Kind, MemoryLimits.DefaultImportance + 1,
                    change.At, change.At, EntrySource.Fact, origin, [], []) { Vector = change.Vector };
                // The persona decided which fact this one replaces (same kind and subject): that is the update.
                var link = change.SupersededFactId != 0 && state.FindOrigin(FactOrigin(change.SupersededFactId)) is { } replaced
                    ? new SupersessionLink(replaced.Id, entry.Id)
                    : SupersessionRules.Decide(state, entry, SupersessionCalibration.For(change.Model));
                yield return Recorded(entry, change.Model, link);
                break;
            case FactChangeType.Revised when change.Text.Length > 0 && change.Vector.Length > 0 && state.FindOrigin(origin) is { } revised:
                yield return new MemoryRevised(revised.Id, change.Text, HalfVectors.Encode(change.Vector), change.At);
                break;
            case FactChangeType.Retracted when state.FindOrigin(origin) is { } retracted:
                yield return new MemoryForgotten(retracted.Id, "The fact it mirrors was retracted.", change.At);
                break;
            case FactChangeType.PersonForgotten:
                foreach (var e in Erase(change.PersonId, state, change.At))
                    yield return e;
                break;
        }
    }

    /// <summary>The origin of the memory that mirrors the persona's fact <paramref name="factId"/>.</summary>
    public static string FactOrigin(long factId) => $"fact:{factId}";

    private static void RequireVector(MemoryState state, float[] vector, string model)
    {
        if (vector.Length == 0 || model.Length == 0)
            throw new ArgumentException("A memory is decided with its embedding and the embedding model's name.", nameof(vector));
        if (state.Model.Length > 0 && !string.Equals(state.Model, model, StringComparison.Ordinal))
            throw Reject.Conflict(
                $"This persona's memories are embedded with {state.Model}, but the members embed with {model}: vectors of different " +
                $"models do not compare. Set Embeddings__Model={state.Model} (or give this persona a fresh memory).");
    }

    public static MemoryState Evolve(MemoryState state, MemoryEvent @event) => @event switch
    {
        MemoryRecorded e => Add(state, e),
        MemoryRevised e when state.Find(e.Id) is { } entry => state with
        {
            Entries = state.Entries.SetItem(e.Id, entry with { Text = e.Text, Vector = HalfVectors.Decode(e.Vector) }),
        },
        MemoryRevised => state,
        MemoryForgotten e => Remove(state, [e.Id]),
        MemoriesExpired e => Remove(state, e.Ids),
        PersonMemoriesErased e => Remove(state, e.Ids),
        FactsMirrored e => state with { FactsMirroredThrough = Math.Max(state.FactsMirroredThrough, e.ThroughVersion) },
        _ => throw new InvalidOperationException($"A memory does not know the event {@event.GetType().Name}."),
    };

    private static MemoryState Add(MemoryState state, MemoryRecorded e)
    {
        var entries = state.Entries.SetItem(e.Id, new MemoryEntry(
            e.Id, e.Text, e.PersonId, e.Kind, e.Importance, e.OccurredAt, e.RecordedAt, e.Source, e.Origin, [.. e.Supersedes], [.. e.SupersededBy])
        {
            Vector = HalfVectors.Decode(e.Vector),
        });
        foreach (var older in e.Supersedes)
        {
            if (entries.TryGetValue(older, out var o))
                entries = entries.SetItem(older, o with { SupersededBy = o.SupersededBy.Add(e.Id) });
        }
        foreach (var newer in e.SupersededBy)
        {
            if (entries.TryGetValue(newer, out var n))
                entries = entries.SetItem(newer, n with { Supersedes = n.Supersedes.Add(e.Id) });
        }
        return state with
        {
            Entries = entries,
            LastId = Math.Max(state.LastId, e.Id),
            Origins = e.Origin.Length > 0 ? state.Origins.SetItem(e.Origin, e.Id) : state.Origins,
            Model = state.Model.Length > 0 ? state.Model : e.Model,
        };
    }

    /// <summary>
    /// Drops memories. A dropped memory in the middle of a line of updates hands its links on: what it updated is now updated
    /// by what updated it, so an older memory never counts as current again because a newer one in between went away.
    /// </summary>
    private static MemoryState Remove(MemoryState state, IReadOnlyCollection<long> ids)
    {
        var entries = state.Entries;
        var origins = state.Origins;
        foreach (var id in ids)
        {
            if (!entries.TryGetValue(id, out var gone))
                continue;
            foreach (var olderId in gone.Supersedes)
            {
                if (entries.TryGetValue(olderId, out var older))
                    entries = entries.SetItem(olderId, older with { SupersededBy = Relinked(older.SupersededBy, id, gone.SupersededBy) });
            }
            foreach (var newerId in gone.SupersededBy)
            {
                if (entries.TryGetValue(newerId, out var newer))
                    entries = entries.SetItem(newerId, newer with { Supersedes = Relinked(newer.Supersedes, id, gone.Supersedes) });
            }
            entries = entries.Remove(id);
            if (gone.Origin.Length > 0 && origins.TryGetValue(gone.Origin, out var mapped) && mapped == id)
                origins = origins.Remove(gone.Origin);
        }
        return state with { Entries = entries, Origins = origins };
    }

    private static ImmutableArray<long> Relinked(ImmutableArray<long> links, long removed, ImmutableArray<long> replacements) =>
        [.. links.Where(l => l != removed).Concat(replacements.Where(r => r != removed)).Distinct()];

    /// <summary>
    /// The erased copy of an event that holds the text or embedding of an erased memory, or null if it holds none. Ids, kinds
    /// and times stay (the stream's shape and versions do not change).
    /// </summary>
    public static MemoryEvent? Redact(MemoryEvent @event, IReadOnlySet<long> erased) => @event switch
    {
        MemoryRecorded e when erased.Contains(e.Id) && (e.Text.Length > 0 || e.Vector.Length > 0) => e with { Text = "", Vector = [], Origin = "" },
        MemoryRevised e when erased.Contains(e.Id) && (e.Text.Length > 0 || e.Vector.Length > 0) => e with { Text = "", Vector = [] },
        _ => null,
    };
}
