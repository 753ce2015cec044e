using EDRS.Actors.Inbound;
using EDRS.Actors.Personas.Events;
using EDRS.Grains.Contracts.Events;
using EDRS.Grains.Contracts.Personas;
using EDRS.Grains.Runtime;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Contract = EDRS.Grains.Contracts.Personas.PersonaGrain;

namespace EDRS.Actors.Personas;

/// <summary>
/// One persona (kind <c>persona</c>, identity <c>{tenant}/{personaId}</c>): each rpc of the contract
/// runs the <see cref="PersonaDecider"/> through the grain's <see cref="JournaledState{TState}"/>.
/// </summary>
public sealed class PersonaGrain : Contract.PersonaGrainBase, IJournaledGrain
{
    private readonly GrainActivation _activation;
    private readonly JournaledState<PersonaState> _journaled;
    private readonly string _personaId;
    private readonly string _tenant;
    private readonly GrainClients _clients;

    public PersonaGrain(GrainActivation activation, JournaledStateFactory states, GrainClients clients)
    {
        _activation = activation;
        _clients = clients;
        _personaId = PersonaIdentity.PersonaIdOf(activation.Identity);
        _tenant = PersonaIdentity.TenantOf(activation.Identity);
        _journaled = states.Create(activation, PersonaState.Initial, PersonaDecider.Evolve);
    }

    private DateTimeOffset Now => _activation.Time.GetUtcNow();

    public Task RecoverAsync(CancellationToken cancellationToken) => _journaled.RecoverAsync(cancellationToken);

    public override async Task<PersonaAck> Hire(HirePersonaRequest request, ServerCallContext context)
    {
        RequireSamePersona(request.PersonaId);
        var ack = await _journaled.ExecuteAsync(request.RequestId, s => PersonaDecider.Decide(request, s, _personaId, Now), Ack).ConfigureAwait(false);
        await RegisterForRoutingAsync().ConfigureAwait(false);
        return ack;
    }

    public override async Task<PersonaAck> UpdateProfile(UpdateProfileRequest request, ServerCallContext context)
    {
        RequireSamePersona(request.PersonaId);
        var ack = await _journaled.ExecuteAsync(request.RequestId, s => PersonaDecider.Decide(request, s, Now), Ack).ConfigureAwait(false);
        await RegisterForRoutingAsync().ConfigureAwait(false);
        return ack;
    }

    public override Task<AssignWorkAck> AssignWork(AssignWorkRequest request, ServerCallContext context)
    {
        RequireSamePersona(request.PersonaId);
        return _journaled.ExecuteAsync(request.RequestId, s => PersonaDecider.Decide(request, s, Now), (state, version, events) =>
            new AssignWorkAck { PersonaId = _personaId, Assigned = events.Count, Open = state.Inbox.Open.Count, Version = version });
    }

    public override Task<InboxView> GetInbox(GetInboxRequest request, ServerCallContext context)
    {
        RequireSamePersona(request.PersonaId);
        var state = _journaled.State;
        if (!state.IsHired)
            throw GrainException.NotFound($"Persona {_personaId} does not exist.");
        if (request.Limit < 0)
            throw GrainException.Invalid("limit", "must be 0 (all) or more");
        var items = state.Inbox.Items;
        var view = new InboxView { PersonaId = _personaId, Open = items.Count, Version = _journaled.Version };
        var count = request.Limit == 0 ? items.Count : Math.Min(request.Limit, items.Count);
        for (var i = 0; i < count; i++)
        {
            var item = items[i];
            view.Items.Add(new WorkItem
            {
                EventId = item.EventId,
                EventType = item.EventType,
                Source = item.Source,
                Priority = item.Priority,
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
        return _journaled.ExecuteAsync(request.RequestId, s => PersonaDecider.Decide(request, s, Now), (state, version, events) =>
            new WorkAck { PersonaId = _personaId, EventId = request.EventId, Open = state.Inbox.Open.Count, Version = version });
    }

    public override Task<WorkAck> ReturnWork(ReturnWorkRequest request, ServerCallContext context)
    {
        RequireSamePersona(request.PersonaId);
        return _journaled.ExecuteAsync(request.RequestId, s => PersonaDecider.Decide(request, s, Now), (state, version, events) =>
            new WorkAck { PersonaId = _personaId, EventId = request.EventId, Open = state.Inbox.Open.Count, Version = version });
    }

    /// <summary>
    /// Tells the tenant's routing table which event types this persona handles. Done on every Hire and
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
            RequestId = $"register-{_personaId}-{_journaled.Version}",
            PersonaId = _personaId,
            ProfileVersion = _journaled.Version,
        };
        request.Handles.AddRange(state.Profile.HandledPatterns);
        await _clients.RoutingTable(_tenant).RegisterPersonaAsync(request).ResponseAsync.ConfigureAwait(false);
    }

    public override Task<FactAck> RememberFact(RememberFactRequest request, ServerCallContext context)
    {
        RequireSamePersona(request.PersonaId);
        return _journaled.ExecuteAsync(request.RequestId, s => PersonaDecider.Decide(request, s, Now), (state, version, events) =>
        {
            var remembered = events.OfType<PersonFactRemembered>().Single();
            return new FactAck
            {
                PersonaId = _personaId,
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
        return _journaled.ExecuteAsync(request.RequestId, s => PersonaDecider.Decide(request, s, Now), (state, version, events) =>
            new FactAck { PersonaId = _personaId, PersonId = request.PersonId, FactId = request.FactId, Version = version });
    }

    public override Task<FactAck> RetractFact(RetractFactRequest request, ServerCallContext context)
    {
        RequireSamePersona(request.PersonaId);
        return _journaled.ExecuteAsync(request.RequestId, s => PersonaDecider.Decide(request, s, Now), (state, version, events) =>
            new FactAck { PersonaId = _personaId, PersonId = request.PersonId, FactId = request.FactId, Version = version });
    }

    public override async Task<ForgetPersonAck> ForgetPerson(ForgetPersonRequest request, ServerCallContext context)
    {
        RequireSamePersona(request.PersonaId);
        var ack = await _journaled.ExecuteAsync(request.RequestId, s => PersonaDecider.Decide(request, s, Now), (state, version, events) =>
            new ForgetPersonAck
            {
                PersonaId = _personaId,
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
        var state = _journaled.State;
        if (!state.IsHired)
            throw GrainException.NotFound($"Persona {_personaId} does not exist.");
        var profile = new Grains.Contracts.Personas.PersonaProfile
        {
            Name = state.Profile.Name,
            Role = state.Profile.Role,
            Personality = state.Profile.Personality,
        };
        profile.Skills.AddRange(state.Profile.Skills);
        profile.Responsibilities.AddRange(state.Profile.Responsibilities);
        profile.Handles.AddRange(state.Profile.HandledPatterns);
        return Task.FromResult(new PersonaView
        {
            PersonaId = _personaId,
            Profile = profile,
            Version = _journaled.Version,
            HiredAt = Timestamp.FromDateTimeOffset(state.HiredAt),
            UpdatedAt = Timestamp.FromDateTimeOffset(state.UpdatedAt),
            PeopleKnown = state.People.Count,
        });
    }

    public override Task<PersonView> GetPerson(GetPersonRequest request, ServerCallContext context)
    {
        RequireSamePersona(request.PersonaId);
        var state = _journaled.State;
        if (!state.IsHired)
            throw GrainException.NotFound($"Persona {_personaId} does not exist.");
        if (!GrainIds.IsEntityId(request.PersonId))
            throw GrainException.Invalid("personId", $"must be {GrainIds.EntityIdRule}");
        var facts = state.FactsAbout(request.PersonId);
        if (facts.IsEmpty)
            throw GrainException.NotFound($"Persona {_personaId} knows nothing about {request.PersonId}.");
        var view = new PersonView { PersonaId = _personaId, PersonId = request.PersonId };
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

    private PersonaAck Ack(PersonaState state, long version, IReadOnlyList<object> events) =>
        new() { PersonaId = _personaId, Version = version };

    private void RequireSamePersona(string personaId)
    {
        if (personaId.Length > 0 && personaId != _personaId)
            throw GrainException.Invalid("personaId", $"addresses persona '{personaId}' but the call reached persona '{_personaId}'");
    }
}
