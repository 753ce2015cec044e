using EDRS.Actors.Inbound;
using EDRS.Actors.Inbound.Work;
using EDRS.Actors.Personas.Commands;
using EDRS.Actors.Personas.Events;
using EDRS.Grains.Contracts.Events;
using EDRS.Grains.Contracts.Personas;
using EDRS.Grains.Runtime;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace EDRS.Actors.Personas;

/// <summary>
/// One persona (kind <c>persona</c>, identity <c>{tenant}/{personaId}</c>): the edge between the contract and the domain.
/// Each rpc becomes a <see cref="PersonaCommand"/> that <see cref="PersonaDecider"/> decides through the grain's
/// <see cref="JournaledState{TState, TEvent}"/>; the reply is built from the state the events left.
/// </summary>
public sealed class Persona : PersonaGrain.PersonaGrainBase, IJournaledGrain
{
    private readonly GrainActivation _activation;
    private readonly JournaledState<PersonaState, PersonaEvent> _journaled;
    private readonly GrainClients _clients;

    public Persona(GrainActivation activation, JournaledStateFactory states, GrainClients clients)
    {
        _activation = activation;
        _clients = clients;
        _journaled = states.Create<PersonaState, PersonaEvent>(activation, PersonaState.Initial, PersonaDecider.Evolve);
    }

    private string PersonaId => _activation.Identity.Key;

    private string Tenant => _activation.Identity.Tenant;

    private DateTimeOffset Now => _activation.Time.GetUtcNow();

    public Task RecoverAsync(CancellationToken cancellationToken) => _journaled.RecoverAsync(cancellationToken);

    public override async Task<PersonaAck> Hire(HirePersonaRequest request, ServerCallContext context)
    {
        RequireSamePersona(request.PersonaId);
        var ack = await ExecuteAsync(request.RequestId, new HirePersona(PersonaId, ToProfile(request.Profile)), Ack).ConfigureAwait(false);
        await RegisterForRoutingAsync().ConfigureAwait(false);
        return ack;
    }

    public override async Task<PersonaAck> UpdateProfile(UpdateProfileRequest request, ServerCallContext context)
    {
        RequireSamePersona(request.PersonaId);
        var ack = await ExecuteAsync(request.RequestId, new UpdateProfile(ToProfile(request.Profile)), Ack).ConfigureAwait(false);
        await RegisterForRoutingAsync().ConfigureAwait(false);
        return ack;
    }

    public override Task<AssignWorkAck> AssignWork(AssignWorkRequest request, ServerCallContext context)
    {
        RequireSamePersona(request.PersonaId);
        var command = new AssignWork([.. request.Items.Select(i => new WorkOffer(
            i.EventId, i.EventType, i.Source, WorkPriorities.FromContract(i.Priority),
            i.OccurredAt?.ToDateTimeOffset(), i.AcceptedAt?.ToDateTimeOffset(), i.Decision))]);
        return ExecuteAsync(request.RequestId, command, (state, version, events) =>
            new AssignWorkAck { PersonaId = PersonaId, Assigned = events.Count, Open = state.Inbox.Open.Count, Version = version });
    }

    public override Task<InboxView> GetInbox(GetInboxRequest request, ServerCallContext context)
    {
        RequireSamePersona(request.PersonaId);
        var state = RequireHired();
        if (request.Limit < 0)
            throw GrainException.Invalid("limit", "must be 0 (all) or more");
        var items = state.Inbox.Items;
        var view = new InboxView { PersonaId = PersonaId, Open = items.Count, Version = _journaled.Version };
        var count = request.Limit == 0 ? items.Count : Math.Min(request.Limit, items.Count);
        for (var i = 0; i < count; i++)
        {
            var item = items[i];
            view.Items.Add(new WorkItem
            {
                EventId = item.EventId,
                EventType = item.EventType,
                Source = item.Source,
                Priority = WorkPriorities.ToContract(item.Priority),
                OccurredAt = Timestamp.FromDateTimeOffset(item.OccurredAt),
                AcceptedAt = Timestamp.FromDateTimeOffset(item.AcceptedAt),
                AssignedAt = Timestamp.FromDateTimeOffset(item.AssignedAt),
                Decision = item.Decision,
            });
        }
        return Task.FromResult(view);
    }

    public override Task<WorkAck> CompleteWork(CompleteWorkRequest request, ServerCallContext context)
    {
        RequireSamePersona(request.PersonaId);
        return ExecuteAsync(request.RequestId, new CompleteWork(request.EventId, request.Outcome), (state, version, _) =>
            new WorkAck { PersonaId = PersonaId, EventId = request.EventId, Open = state.Inbox.Open.Count, Version = version });
    }

    public override Task<WorkAck> ReturnWork(ReturnWorkRequest request, ServerCallContext context)
    {
        RequireSamePersona(request.PersonaId);
        return ExecuteAsync(request.RequestId, new ReturnWork(request.EventId, request.Reason), (state, version, _) =>
            new WorkAck { PersonaId = PersonaId, EventId = request.EventId, Open = state.Inbox.Open.Count, Version = version });
    }

    public override Task<FactAck> RememberFact(RememberFactRequest request, ServerCallContext context)
    {
        RequireSamePersona(request.PersonaId);
        var command = new RememberFact(request.PersonId, ToFactKind(request.Kind), request.Subject, request.Text, request.Source);
        return ExecuteAsync(request.RequestId, command, (_, version, events) =>
        {
            var remembered = events.OfType<PersonFactRemembered>().Single();
            return new FactAck
            {
                PersonaId = PersonaId,
                PersonId = request.PersonId,
                FactId = remembered.FactId,
                Version = version,
                SupersededFactId = remembered.SupersededFactId,
            };
        });
    }

    public override Task<FactAck> ReviseFact(ReviseFactRequest request, ServerCallContext context)
    {
        RequireSamePersona(request.PersonaId);
        return ExecuteAsync(request.RequestId, new ReviseFact(request.PersonId, request.FactId, request.Text, request.Source), (_, version, _) =>
            new FactAck { PersonaId = PersonaId, PersonId = request.PersonId, FactId = request.FactId, Version = version });
    }

    public override Task<FactAck> RetractFact(RetractFactRequest request, ServerCallContext context)
    {
        RequireSamePersona(request.PersonaId);
        return ExecuteAsync(request.RequestId, new RetractFact(request.PersonId, request.FactId, request.Reason), (_, version, _) =>
            new FactAck { PersonaId = PersonaId, PersonId = request.PersonId, FactId = request.FactId, Version = version });
    }

    public override async Task<ForgetPersonAck> ForgetPerson(ForgetPersonRequest request, ServerCallContext context)
    {
        RequireSamePersona(request.PersonaId);
        var ack = await ExecuteAsync(request.RequestId, new ForgetPerson(request.PersonId), (_, version, events) =>
            new ForgetPersonAck
            {
                PersonaId = PersonaId,
                PersonId = request.PersonId,
                FactsErased = events.OfType<PersonForgotten>().SingleOrDefault()?.FactsErased ?? 0,
                Version = version,
            }).ConfigureAwait(false);
        // Erasure reaches the stored events and the snapshot too, not only memory. Repeating it (a
        // re-delivered request) finds nothing left to redact.
        await _journaled.RedactAsync(e => PersonaDecider.Redact(e, request.PersonId)).ConfigureAwait(false);
        return ack;
    }

    public override Task<PersonaView> GetPersona(GetPersonaRequest request, ServerCallContext context)
    {
        RequireSamePersona(request.PersonaId);
        return Task.FromResult(ViewOf(RequireHired(), _journaled.Version));
    }

    public override Task<PersonView> GetPerson(GetPersonRequest request, ServerCallContext context)
    {
        RequireSamePersona(request.PersonaId);
        var state = RequireHired();
        if (!GrainIds.IsEntityId(request.PersonId))
            throw GrainException.Invalid("personId", $"must be {GrainIds.EntityIdRule}");
        var facts = state.FactsAbout(request.PersonId);
        if (facts.IsEmpty)
            throw GrainException.NotFound($"Persona {PersonaId} knows nothing about {request.PersonId}.");
        var view = new PersonView { PersonaId = PersonaId, PersonId = request.PersonId };
        view.Facts.AddRange(facts.Select(f => new PersonFact
        {
            FactId = f.FactId,
            Kind = (FactKind)(int)f.Kind,
            Subject = f.Subject,
            Text = f.Text,
            Source = f.Source,
            RememberedAt = Timestamp.FromDateTimeOffset(f.RememberedAt),
            RevisedAt = f.RevisedAt is { } revised ? Timestamp.FromDateTimeOffset(revised) : null,
        }));
        return Task.FromResult(view);
    }

    private Task<TReply> ExecuteAsync<TReply>(
        string requestId, PersonaCommand command, Func<PersonaState, long, IReadOnlyList<PersonaEvent>, TReply> reply)
        where TReply : Google.Protobuf.IMessage<TReply>, new() =>
        _journaled.ExecuteAsync(requestId, state => PersonaDecider.Decide(command, state, Now), reply);

    /// <summary>
    /// Tells the tenant's routing table which event types this persona handles and its skills. Done on every Hire and
    /// UpdateProfile call, repeated ones included, so a call retried after a failure here still registers;
    /// the table keeps the newest version. The table never calls a persona back, so this cannot deadlock.
    /// </summary>
    private async Task RegisterForRoutingAsync()
    {
        var state = _journaled.State;
        if (!state.IsHired)
            return;
        var request = new RegisterPersonaRequest
        {
            RequestId = $"register-{PersonaId}-{_journaled.Version}",
            PersonaId = PersonaId,
            ProfileVersion = _journaled.Version,
        };
        request.Handles.AddRange(state.Profile.HandledPatterns);
        request.Skills.AddRange(state.Profile.Skills);
        await _clients.RoutingTable(Tenant).RegisterPersonaAsync(request).ResponseAsync.ConfigureAwait(false);
    }

    private PersonaAck Ack(PersonaState state, long version, IReadOnlyList<PersonaEvent> events) =>
        new() { PersonaId = PersonaId, Version = version, Persona = ViewOf(state, version) };

    private PersonaView ViewOf(PersonaState state, long version)
    {
        var profile = new PersonaProfile
        {
            Name = state.Profile.Name,
            Role = state.Profile.Role,
            Personality = state.Profile.Personality,
        };
        profile.Skills.AddRange(state.Profile.Skills);
        profile.Responsibilities.AddRange(state.Profile.Responsibilities);
        profile.Handles.AddRange(state.Profile.HandledPatterns);
        return new PersonaView
        {
            PersonaId = PersonaId,
            Profile = profile,
            Version = version,
            HiredAt = Timestamp.FromDateTimeOffset(state.HiredAt),
            UpdatedAt = Timestamp.FromDateTimeOffset(state.UpdatedAt),
            PeopleKnown = state.People.Count,
        };
    }

    private PersonaState RequireHired() =>
        _journaled.State is { IsHired: true } state ? state : throw GrainException.NotFound($"Persona {PersonaId} does not exist.");

    private static Profile? ToProfile(PersonaProfile? profile) =>
        profile is null ? null : new Profile(profile.Name, profile.Role, [.. profile.Skills], [.. profile.Responsibilities], profile.Personality, [.. profile.Handles]);

    private static PersonFactKind? ToFactKind(FactKind kind) => kind switch
    {
        FactKind.Preference => PersonFactKind.Preference,
        FactKind.Like => PersonFactKind.Like,
        FactKind.Dislike => PersonFactKind.Dislike,
        FactKind.WorkingStyle => PersonFactKind.WorkingStyle,
        FactKind.Note => PersonFactKind.Note,
        _ => null,
    };

    private void RequireSamePersona(string personaId)
    {
        if (personaId.Length > 0 && personaId != PersonaId)
            throw GrainException.Invalid("personaId", $"addresses persona '{personaId}' but the call reached persona '{PersonaId}'");
    }
}
