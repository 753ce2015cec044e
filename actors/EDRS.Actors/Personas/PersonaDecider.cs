using System.Collections.Immutable;
using EDRS.Actors.Inbound.Routing;
using EDRS.Actors.Personas.Events;
using EDRS.Actors.Personas.Inbox;
using EDRS.Grains.Contracts.Personas;
using EDRS.Grains.Runtime;

namespace EDRS.Actors.Personas;

/// <summary>
/// The persona's rules, pure: <c>Decide</c> validates a command against the state and returns the
/// events it causes (or throws <see cref="GrainException"/>); <see cref="Evolve"/> folds one event into
/// the state. No I/O, no clock (the time is passed in), so both are tested without the actor runtime.
/// </summary>
public static class PersonaDecider
{
    private static readonly IReadOnlyList<object> Nothing = [];

    public static IReadOnlyList<object> Decide(HirePersonaRequest command, PersonaState state, string personaId, DateTimeOffset now)
    {
        if (state.IsHired)
            throw GrainException.AlreadyExists($"Persona {personaId} is already hired.");
        var profile = ValidProfile(command.Profile);
        return [new PersonaHired(personaId, profile.Name, profile.Role, profile.Skills, profile.Responsibilities, profile.Personality, now, profile.Handles)];
    }

    public static IReadOnlyList<object> Decide(UpdateProfileRequest command, PersonaState state, DateTimeOffset now)
    {
        RequireHired(state);
        var profile = ValidProfile(command.Profile);
        if (SameProfile(profile, state.Profile))
            return Nothing;
        return [new PersonaProfileUpdated(profile.Name, profile.Role, profile.Skills, profile.Responsibilities, profile.Personality, now, profile.Handles)];
    }

    public static IReadOnlyList<object> Decide(RememberFactRequest command, PersonaState state, DateTimeOffset now)
    {
        RequireHired(state);
        RequirePersonId(command.PersonId);
        var kind = command.Kind switch
        {
            FactKind.Preference => PersonFactKind.Preference,
            FactKind.Like => PersonFactKind.Like,
            FactKind.Dislike => PersonFactKind.Dislike,
            FactKind.WorkingStyle => PersonFactKind.WorkingStyle,
            FactKind.Note => PersonFactKind.Note,
            _ => throw GrainException.Invalid("kind", "must be one of preference, like, dislike, working-style, note"),
        };
        var subject = Bounded("subject", command.Subject, PersonaLimits.MaxSubjectLength);
        var text = Required("text", command.Text, PersonaLimits.MaxFactTextLength);
        var source = Bounded("source", command.Source, PersonaLimits.MaxSourceLength);
        var facts = state.FactsAbout(command.PersonId);
        var superseded = subject.Length == 0
            ? null
            : facts.Find(f => f.Kind == kind && string.Equals(f.Subject, subject, StringComparison.OrdinalIgnoreCase));
        if (superseded is null && facts.Count >= PersonaLimits.MaxFactsPerPerson)
            throw GrainException.FailedPrecondition(
                $"The persona already holds {PersonaLimits.MaxFactsPerPerson} facts about {command.PersonId}: retract some first.");
        return [new PersonFactRemembered(command.PersonId, state.LastFactId + 1, kind, subject, text, source, now, superseded?.FactId ?? 0)];
    }

    public static IReadOnlyList<object> Decide(ReviseFactRequest command, PersonaState state, DateTimeOffset now)
    {
        RequireHired(state);
        RequirePersonId(command.PersonId);
        var fact = RequireFact(state, command.PersonId, command.FactId);
        var text = Required("text", command.Text, PersonaLimits.MaxFactTextLength);
        var source = Bounded("source", command.Source, PersonaLimits.MaxSourceLength);
        if (text == fact.Text && source == fact.Source)
            return Nothing;
        return [new PersonFactRevised(command.PersonId, fact.FactId, text, source, now)];
    }

    public static IReadOnlyList<object> Decide(RetractFactRequest command, PersonaState state, DateTimeOffset now)
    {
        RequireHired(state);
        RequirePersonId(command.PersonId);
        var fact = RequireFact(state, command.PersonId, command.FactId);
        var reason = Bounded("reason", command.Reason, PersonaLimits.MaxReasonLength);
        return [new PersonFactRetracted(command.PersonId, fact.FactId, reason, now)];
    }

    public static IReadOnlyList<object> Decide(ForgetPersonRequest command, PersonaState state, DateTimeOffset now)
    {
        RequireHired(state);
        RequirePersonId(command.PersonId);
        var facts = state.FactsAbout(command.PersonId);
        return facts.IsEmpty ? Nothing : [new PersonForgotten(command.PersonId, facts.Count, now)];
    }

    public static IReadOnlyList<object> Decide(AssignWorkRequest command, PersonaState state, DateTimeOffset now)
    {
        RequireHired(state);
        var events = new List<object>(command.Items.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < command.Items.Count; i++)
        {
            var item = command.Items[i];
            if (!GrainIds.IsRequestId(item.EventId))
                throw GrainException.Invalid($"items[{i}].eventId", "is required");
            if (item.Priority == Grains.Contracts.Events.EventPriority.Unspecified)
                throw GrainException.Invalid($"items[{i}].priority", "must be LOW, NORMAL, HIGH or CRITICAL");
            // A re-delivery (the router lost the acknowledgement of an earlier delivery) changes nothing.
            if (!seen.Add(item.EventId) || state.Inbox.Knows(item.EventId, item.Decision))
                continue;
            events.Add(new WorkAssigned(
                item.EventId, item.EventType, item.Source, item.Priority,
                item.OccurredAt?.ToDateTimeOffset() ?? now, item.AcceptedAt?.ToDateTimeOffset() ?? now, item.Decision, now));
        }
        return events;
    }

    public static IReadOnlyList<object> Decide(CompleteWorkRequest command, PersonaState state, DateTimeOffset now)
    {
        RequireHired(state);
        RequireOpenWork(state, command.EventId);
        var outcome = Bounded("outcome", command.Outcome, PersonaLimits.MaxOutcomeLength);
        return [new WorkCompleted(command.EventId, outcome, now)];
    }

    public static IReadOnlyList<object> Decide(ReturnWorkRequest command, PersonaState state, DateTimeOffset now)
    {
        RequireHired(state);
        RequireOpenWork(state, command.EventId);
        var reason = Bounded("reason", command.Reason, PersonaLimits.MaxReasonLength);
        return [new WorkReturned(command.EventId, reason, now)];
    }

    public static PersonaState Evolve(PersonaState state, object @event) => @event switch
    {
        WorkAssigned e => state with
        {
            Inbox = state.Inbox.Add(new InboxItem(
                e.EventId, e.EventType, e.Source, e.Priority, e.OccurredAt, e.AcceptedAt, e.AssignedAt, e.Decision, state.Inbox.LastSeq + 1)),
        },
        WorkCompleted e => state with { Inbox = state.Inbox.Close(e.EventId, PersonaLimits.RememberedClosedWork) },
        WorkReturned e => state with { Inbox = state.Inbox.Close(e.EventId, PersonaLimits.RememberedClosedWork) },
        PersonaHired e => state with
        {
            IsHired = true,
            PersonaId = e.PersonaId,
            Profile = new PersonaProfile(e.Name, e.Role, e.Skills, e.Responsibilities, e.Personality, e.Handles),
            HiredAt = e.HiredAt,
            UpdatedAt = e.HiredAt,
        },
        PersonaProfileUpdated e => state with
        {
            Profile = new PersonaProfile(e.Name, e.Role, e.Skills, e.Responsibilities, e.Personality, e.Handles),
            UpdatedAt = e.UpdatedAt,
        },
        PersonFactRemembered e => state with
        {
            LastFactId = Math.Max(state.LastFactId, e.FactId),
            People = state.People.SetItem(e.PersonId, state.FactsAbout(e.PersonId)
                .RemoveAll(f => f.FactId == e.SupersededFactId)
                .Insert(0, new KnownFact(e.FactId, e.Kind, e.Subject, e.Text, e.Source, e.RememberedAt, null))),
        },
        PersonFactRevised e => WithFacts(state, e.PersonId, state.FactsAbout(e.PersonId)
            .ConvertAll(f => f.FactId == e.FactId ? f with { Text = e.Text, Source = e.Source, RevisedAt = e.RevisedAt } : f)),
        PersonFactRetracted e => WithFacts(state, e.PersonId, state.FactsAbout(e.PersonId).RemoveAll(f => f.FactId == e.FactId)),
        PersonForgotten e => state with { People = state.People.Remove(e.PersonId) },
        _ => throw new InvalidOperationException($"A persona does not know the event {@event.GetType().Name}."),
    };

    /// <summary>
    /// The erased copy of an event that carries personal data about <paramref name="personId"/>, or null
    /// if the event holds none. Ids, kinds and times stay (the stream's shape and versions do not change).
    /// </summary>
    public static object? Redact(object @event, string personId) => @event switch
    {
        PersonFactRemembered e when e.PersonId == personId => e with { Subject = "", Text = "", Source = "" },
        PersonFactRevised e when e.PersonId == personId => e with { Text = "", Source = "" },
        PersonFactRetracted e when e.PersonId == personId => e with { Reason = "" },
        _ => null,
    };

    private static PersonaState WithFacts(PersonaState state, string personId, ImmutableList<KnownFact> facts) =>
        state with { People = facts.IsEmpty ? state.People.Remove(personId) : state.People.SetItem(personId, facts) };

    private static void RequireHired(PersonaState state)
    {
        if (!state.IsHired)
            throw GrainException.NotFound("The persona does not exist.");
    }

    private static void RequireOpenWork(PersonaState state, string eventId)
    {
        if (string.IsNullOrEmpty(eventId))
            throw GrainException.Invalid("eventId", "is required");
        if (!state.Inbox.Open.ContainsKey(eventId))
            throw GrainException.NotFound($"The persona has no open work {eventId}.");
    }

    private static void RequirePersonId(string personId)
    {
        if (!GrainIds.IsEntityId(personId))
            throw GrainException.Invalid("personId", $"must be {GrainIds.EntityIdRule}");
    }

    private static KnownFact RequireFact(PersonaState state, string personId, long factId) =>
        state.FactsAbout(personId).Find(f => f.FactId == factId)
        ?? throw GrainException.NotFound($"The persona holds no fact {factId} about {personId}.");

    private static PersonaProfile ValidProfile(Grains.Contracts.Personas.PersonaProfile? profile)
    {
        if (profile is null)
            throw GrainException.Invalid("profile", "is required");
        var name = Required("profile.name", profile.Name, PersonaLimits.MaxNameLength);
        var role = Bounded("profile.role", profile.Role, PersonaLimits.MaxRoleLength);
        var skills = List("profile.skills", profile.Skills, PersonaLimits.MaxSkills, PersonaLimits.MaxSkillLength);
        if (skills.Length == 0)
            throw GrainException.Invalid("profile.skills", "at least one skill is required");
        var responsibilities = List("profile.responsibilities", profile.Responsibilities, PersonaLimits.MaxResponsibilities, PersonaLimits.MaxResponsibilityLength);
        var personality = Bounded("profile.personality", profile.Personality, PersonaLimits.MaxPersonalityLength);
        var handles = List("profile.handles", profile.Handles, PersonaLimits.MaxHandles, EventTypePatterns.MaxLength);
        for (var i = 0; i < handles.Length; i++)
        {
            if (!EventTypePatterns.IsValid(handles[i]))
                throw GrainException.Invalid($"profile.handles[{i}]", EventTypePatterns.Rule);
        }
        return new PersonaProfile(name, role, skills, responsibilities, personality, handles);
    }

    private static string Required(string field, string value, int maxLength)
    {
        var trimmed = Bounded(field, value, maxLength);
        return trimmed.Length > 0 ? trimmed : throw GrainException.Invalid(field, "is required");
    }

    private static string Bounded(string field, string value, int maxLength)
    {
        var trimmed = value.Trim();
        if (trimmed.Length > maxLength)
            throw GrainException.Invalid(field, $"must be at most {maxLength} characters (was {trimmed.Length})");
        if (field is not ("text" or "profile.personality" or "outcome") && HasControlCharacter(trimmed))
            throw GrainException.Invalid(field, "must not contain control characters");
        return trimmed;
    }

    /// <summary>What <see cref="char.IsControl(char)"/> means (C0, DEL and C1), as two vectorised range scans: this runs on every command.</summary>
    private static bool HasControlCharacter(string value) =>
        value.AsSpan().IndexOfAnyInRange('\u0000', '\u001f') >= 0 || value.AsSpan().IndexOfAnyInRange('\u007f', '\u009f') >= 0;

    private static string[] List(string field, IReadOnlyList<string> values, int maxCount, int maxLength)
    {
        if (values.Count > maxCount)
            throw GrainException.Invalid(field, $"must have at most {maxCount} entries (had {values.Count})");
        var result = new string[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            result[i] = Required($"{field}[{i}]", values[i], maxLength);
        }
        if (result.Distinct(StringComparer.OrdinalIgnoreCase).Count() != result.Length)
            throw GrainException.Invalid(field, "must not repeat an entry");
        return result;
    }

    private static bool SameProfile(PersonaProfile a, PersonaProfile b) =>
        a.Name == b.Name && a.Role == b.Role && a.Personality == b.Personality
        && a.Skills.SequenceEqual(b.Skills) && a.Responsibilities.SequenceEqual(b.Responsibilities)
        && a.HandledPatterns.SequenceEqual(b.HandledPatterns);
}
