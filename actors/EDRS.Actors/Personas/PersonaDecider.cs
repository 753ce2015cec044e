using System.Collections.Immutable;
using EDRS.Actors.Inbound.Routing;
using EDRS.Actors.Personas.Commands;
using EDRS.Actors.Personas.Events;
using EDRS.Actors.Personas.Inbox;
using EDRS.Actors.Quotas;
using EDRS.Grains.Runtime;

namespace EDRS.Actors.Personas;

/// <summary>
/// The persona's rules, pure: <see cref="Decide"/> validates a command against the state and returns the events it
/// causes (or throws a rejection, see <see cref="Reject"/>); <see cref="Evolve"/> folds one event into the state. No I/O,
/// no clock (the time is passed in), no wire types, so both are tested without the actor runtime. What a persona may hold
/// is bounded by its <see cref="QuotaOptions"/> (the defaults when none are passed).
/// </summary>
public static class PersonaDecider
{
    private static readonly IReadOnlyList<PersonaEvent> Nothing = [];
    private static readonly QuotaOptions DefaultQuotas = new();

    public static IReadOnlyList<PersonaEvent> Decide(PersonaCommand command, PersonaState state, DateTimeOffset now, QuotaOptions? quotas = null) => command switch
    {
        HirePersona c => Hire(c, state, now),
        UpdateProfile c => Update(c, state, now),
        RememberFact c => Remember(c, state, now, quotas ?? DefaultQuotas),
        ReviseFact c => Revise(c, state, now),
        RetractFact c => Retract(c, state, now),
        ForgetPerson c => Forget(c, state, now),
        AssignWork c => Assign(c, state, now, quotas ?? DefaultQuotas),
        CompleteWork c => Complete(c, state, now),
        ReturnWork c => Return(c, state, now),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "A persona does not know this command."),
    };

    private static IReadOnlyList<PersonaEvent> Hire(HirePersona command, PersonaState state, DateTimeOffset now)
    {
        if (state.IsHired)
            throw Reject.AlreadyExists($"Persona {command.PersonaId} is already hired.");
        var profile = ValidProfile(command.Profile);
        return [new PersonaHired(command.PersonaId, profile.Name, profile.Role, profile.Skills, profile.Responsibilities, profile.Personality, now, profile.Handles, profile.Knowledge, profile.Tools)];
    }

    private static IReadOnlyList<PersonaEvent> Update(UpdateProfile command, PersonaState state, DateTimeOffset now)
    {
        RequireHired(state);
        var profile = ValidProfile(command.Profile);
        if (SameProfile(profile, state.Profile))
            return Nothing;
        return [new PersonaProfileUpdated(profile.Name, profile.Role, profile.Skills, profile.Responsibilities, profile.Personality, now, profile.Handles, profile.Knowledge, profile.Tools)];
    }

    private static IReadOnlyList<PersonaEvent> Remember(RememberFact command, PersonaState state, DateTimeOffset now, QuotaOptions quotas)
    {
        RequireHired(state);
        RequirePersonId(command.PersonId);
        var kind = command.Kind is { } k && Enum.IsDefined(k)
            ? k
            : throw Reject.Invalid("kind", "must be one of preference, like, dislike, working-style, note");
        var subject = Bounded("subject", command.Subject, PersonaLimits.MaxSubjectLength);
        var text = Required("text", command.Text, PersonaLimits.MaxFactTextLength);
        var source = Bounded("source", command.Source, PersonaLimits.MaxSourceLength);
        var facts = state.FactsAbout(command.PersonId);
        var superseded = subject.Length == 0
            ? null
            : facts.Find(f => f.Kind == kind && string.Equals(f.Subject, subject, StringComparison.OrdinalIgnoreCase));
        if (superseded is null)
            RequireRoomForFact(state, command.PersonId, facts, quotas);
        return [new PersonFactRemembered(command.PersonId, state.LastFactId + 1, kind, subject, text, source, now, superseded?.FactId ?? 0)];
    }

    private static IReadOnlyList<PersonaEvent> Revise(ReviseFact command, PersonaState state, DateTimeOffset now)
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

    private static IReadOnlyList<PersonaEvent> Retract(RetractFact command, PersonaState state, DateTimeOffset now)
    {
        RequireHired(state);
        RequirePersonId(command.PersonId);
        var fact = RequireFact(state, command.PersonId, command.FactId);
        var reason = Bounded("reason", command.Reason, PersonaLimits.MaxReasonLength);
        return [new PersonFactRetracted(command.PersonId, fact.FactId, reason, now)];
    }

    private static IReadOnlyList<PersonaEvent> Forget(ForgetPerson command, PersonaState state, DateTimeOffset now)
    {
        RequireHired(state);
        RequirePersonId(command.PersonId);
        var facts = state.FactsAbout(command.PersonId);
        return facts.IsEmpty ? Nothing : [new PersonForgotten(command.PersonId, facts.Count, now)];
    }

    /// <summary>
    /// Work that fits the inbox becomes open work; an item past <see cref="QuotaOptions.OpenWorkPerPersona"/> is not taken
    /// (no event): the router sees it missing from the inbox (<c>AssignWorkAck.refused</c>) and places it elsewhere.
    /// </summary>
    private static IReadOnlyList<PersonaEvent> Assign(AssignWork command, PersonaState state, DateTimeOffset now, QuotaOptions quotas)
    {
        RequireHired(state);
        var events = new List<PersonaEvent>(command.Items.Count);
        var open = state.Inbox.Open.Count;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < command.Items.Count; i++)
        {
            var item = command.Items[i];
            if (!GrainIds.IsRequestId(item.EventId))
                throw Reject.Invalid($"items[{i}].eventId", "is required");
            if (item.Priority is not { } priority || !Enum.IsDefined(priority))
                throw Reject.Invalid($"items[{i}].priority", "must be LOW, NORMAL, HIGH or CRITICAL");
            // A re-delivery (the router lost the acknowledgement of an earlier delivery) changes nothing.
            if (!seen.Add(item.EventId) || state.Inbox.Knows(item.EventId, item.Decision) || command.HeldBefore?.Contains(item.EventId) == true)
                continue;
            if (open >= quotas.OpenWorkPerPersona)
                continue;
            open++;
            events.Add(new WorkAssigned(
                item.EventId, item.EventType, item.Source, priority, item.OccurredAt ?? now, item.AcceptedAt ?? now, item.Decision, now));
        }
        return events;
    }

    private static IReadOnlyList<PersonaEvent> Complete(CompleteWork command, PersonaState state, DateTimeOffset now)
    {
        RequireHired(state);
        RequireOpenWork(state, command.EventId);
        var outcome = Bounded("outcome", command.Outcome, PersonaLimits.MaxOutcomeLength);
        return [new WorkCompleted(command.EventId, outcome, now)];
    }

    private static IReadOnlyList<PersonaEvent> Return(ReturnWork command, PersonaState state, DateTimeOffset now)
    {
        RequireHired(state);
        var reason = Bounded("reason", command.Reason, PersonaLimits.MaxReasonLength);
        // Handed back already (an interrupted hand-back retried under a new request id): answer again, change nothing, so
        // the caller goes on to the router.
        if (!string.IsNullOrEmpty(command.EventId) && !state.Inbox.Open.ContainsKey(command.EventId) && state.Inbox.WasReturned(command.EventId))
            return Nothing;
        RequireOpenWork(state, command.EventId);
        return [new WorkReturned(command.EventId, reason, now)];
    }

    public static PersonaState Evolve(PersonaState state, PersonaEvent @event) => @event switch
    {
        WorkAssigned e => state with
        {
            Inbox = state.Inbox.Add(new InboxItem(
                e.EventId, e.EventType, e.Source, e.Priority, e.OccurredAt, e.AcceptedAt, e.AssignedAt, e.Decision, state.Inbox.LastSeq + 1)),
        },
        WorkCompleted e => state with { Inbox = state.Inbox.Close(e.EventId, PersonaLimits.RememberedClosedWork, returned: false) },
        WorkReturned e => state with { Inbox = state.Inbox.Close(e.EventId, PersonaLimits.RememberedClosedWork, returned: true) },
        PersonaHired e => state with
        {
            IsHired = true,
            PersonaId = e.PersonaId,
            Profile = new Profile(e.Name, e.Role, e.Skills, e.Responsibilities, e.Personality, e.Handles, e.Knowledge, e.Tools),
            HiredAt = e.HiredAt,
            UpdatedAt = e.HiredAt,
        },
        PersonaProfileUpdated e => state with
        {
            Profile = new Profile(e.Name, e.Role, e.Skills, e.Responsibilities, e.Personality, e.Handles, e.Knowledge, e.Tools),
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
    public static PersonaEvent? Redact(PersonaEvent @event, string personId) => @event switch
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
            throw Reject.NotFound("The persona does not exist.");
    }

    private static void RequireOpenWork(PersonaState state, string eventId)
    {
        if (string.IsNullOrEmpty(eventId))
            throw Reject.Invalid("eventId", "is required");
        if (!state.Inbox.Open.ContainsKey(eventId))
            throw Reject.NotFound($"The persona has no open work {eventId}.");
    }

    /// <summary>A new fact (one that supersedes none) must fit every quota on what the persona holds about people.</summary>
    private static void RequireRoomForFact(PersonaState state, string personId, ImmutableList<KnownFact> facts, QuotaOptions quotas)
    {
        if (facts.Count >= quotas.FactsPerPerson)
            throw Reject.LimitReached("Quotas:FactsPerPerson",
                $"The persona already holds {facts.Count} facts about {personId}, its limit: retract some, or supersede one (same kind and subject).");
        if (facts.IsEmpty && state.People.Count >= quotas.PeoplePerPersona)
            throw Reject.LimitReached("Quotas:PeoplePerPersona",
                $"The persona already knows {state.People.Count} people, its limit: forget someone first.");
        var held = state.FactCount();
        if (held >= quotas.FactsPerPersona)
            throw Reject.LimitReached("Quotas:FactsPerPersona",
                $"The persona already holds {held} facts about people, its limit: retract some or forget someone first.");
    }

    private static void RequirePersonId(string personId)
    {
        if (!GrainIds.IsEntityId(personId))
            throw Reject.Invalid("personId", $"must be {GrainIds.EntityIdRule}");
    }

    private static KnownFact RequireFact(PersonaState state, string personId, long factId) =>
        state.FactsAbout(personId).Find(f => f.FactId == factId)
        ?? throw Reject.NotFound($"The persona holds no fact {factId} about {personId}.");

    private static Profile ValidProfile(Profile? profile)
    {
        if (profile is null)
            throw Reject.Invalid("profile", "is required");
        var name = Required("profile.name", profile.Name, PersonaLimits.MaxNameLength);
        var role = Bounded("profile.role", profile.Role, PersonaLimits.MaxRoleLength);
        var skills = List("profile.skills", profile.Skills, PersonaLimits.MaxSkills, PersonaLimits.MaxSkillLength);
        if (skills.Length == 0)
            throw Reject.Invalid("profile.skills", "at least one skill is required");
        var responsibilities = List("profile.responsibilities", profile.Responsibilities, PersonaLimits.MaxResponsibilities, PersonaLimits.MaxResponsibilityLength);
        var personality = Bounded("profile.personality", profile.Personality, PersonaLimits.MaxPersonalityLength);
        var handles = List("profile.handles", profile.HandledPatterns, PersonaLimits.MaxHandles, EventTypePatterns.MaxLength);
        for (var i = 0; i < handles.Length; i++)
        {
            if (!EventTypePatterns.IsValid(handles[i]))
                throw Reject.Invalid($"profile.handles[{i}]", EventTypePatterns.Rule);
        }
        var knowledge = List("profile.knowledge", profile.KnowledgeCollections, PersonaLimits.MaxKnowledgeCollections, Knowledge.KnowledgeLimits.MaxCollectionIdLength);
        for (var i = 0; i < knowledge.Length; i++)
        {
            if (Knowledge.KnowledgeDecider.ProblemWithCollectionId(knowledge[i]) is { } problem)
                throw Reject.Invalid($"profile.knowledge[{i}]", problem);
        }
        var tools = List("profile.tools", profile.CallableTools, PersonaLimits.MaxTools, 64);
        for (var i = 0; i < tools.Length; i++)
        {
            if (!Tools.ToolNames.IsValid(tools[i]))
                throw Reject.Invalid($"profile.tools[{i}]", Tools.ToolNames.Rule);
        }
        return new Profile(name, role, skills, responsibilities, personality, handles, knowledge, tools);
    }

    private static string Required(string field, string value, int maxLength)
    {
        var trimmed = Bounded(field, value, maxLength);
        return trimmed.Length > 0 ? trimmed : throw Reject.Invalid(field, "is required");
    }

    private static string Bounded(string field, string value, int maxLength)
    {
        var trimmed = value.Trim();
        if (trimmed.Length > maxLength)
            throw Reject.Invalid(field, $"must be at most {maxLength} characters (was {trimmed.Length})");
        if (field is not ("text" or "profile.personality" or "outcome") && HasControlCharacter(trimmed))
            throw Reject.Invalid(field, "must not contain control characters");
        return trimmed;
    }

    /// <summary>What <see cref="char.IsControl(char)"/> means (C0, DEL and C1), as two vectorised range scans: this runs on every command.</summary>
    private static bool HasControlCharacter(string value) =>
        value.AsSpan().IndexOfAnyInRange('\u0000', '\u001f') >= 0 || value.AsSpan().IndexOfAnyInRange('\u007f', '\u009f') >= 0;

    private static string[] List(string field, IReadOnlyList<string> values, int maxCount, int maxLength)
    {
        if (values.Count > maxCount)
            throw Reject.Invalid(field, $"must have at most {maxCount} entries (had {values.Count})");
        var result = new string[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            result[i] = Required($"{field}[{i}]", values[i], maxLength);
        }
        if (result.Distinct(StringComparer.OrdinalIgnoreCase).Count() != result.Length)
            throw Reject.Invalid(field, "must not repeat an entry");
        return result;
    }

    private static bool SameProfile(Profile a, Profile b) =>
        a.Name == b.Name && a.Role == b.Role && a.Personality == b.Personality
        && a.Skills.SequenceEqual(b.Skills) && a.Responsibilities.SequenceEqual(b.Responsibilities)
        && a.HandledPatterns.SequenceEqual(b.HandledPatterns) && a.KnowledgeCollections.SequenceEqual(b.KnowledgeCollections)
        && a.CallableTools.SequenceEqual(b.CallableTools);
}
