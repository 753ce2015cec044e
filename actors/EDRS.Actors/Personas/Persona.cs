using EDRS.Actors.Inbound;
using EDRS.Actors.Inbound.Work;
using EDRS.Actors.Paging;
using EDRS.Actors.Memory;
using EDRS.Actors.Personas.Commands;
using EDRS.Actors.Personas.Events;
using EDRS.Actors.Personas.Inbox;
using EDRS.Actors.Quotas;
using EDRS.Grains.Contracts.Events;
using EDRS.Grains.Contracts.Memory;
using EDRS.Grains.Contracts.Personas;
using EDRS.Grains.Runtime;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Logging;

namespace EDRS.Actors.Personas;

/// <summary>
/// One persona (kind <c>persona</c>, identity <c>{tenant}/{personaId}</c>): the edge between the contract and the domain.
/// Each rpc becomes a <see cref="PersonaCommand"/> that <see cref="PersonaDecider"/> decides through the grain's
/// <see cref="JournaledState{TState, TEvent}"/>; the reply is built from the state the events left.
/// </summary>
public sealed partial class Persona : PersonaGrain.PersonaGrainBase, IJournaledGrain
{
    private readonly GrainActivation _activation;
    private readonly JournaledState<PersonaState, PersonaEvent> _journaled;
    private readonly GrainClients _clients;
    private readonly QuotaOptions _quotas;
    private readonly ILogger<Persona> _logger;

    public Persona(GrainActivation activation, JournaledStateFactory states, GrainClients clients, IOptions<QuotaOptions> quotas, ILogger<Persona> logger)
    {
        _activation = activation;
        _clients = clients;
        _quotas = quotas.Value;
        _logger = logger;
        _journaled = states.Create<PersonaState, PersonaEvent>(activation, PersonaState.Initial, PersonaDecider.Evolve);
    }

    /// <summary>The request field that repeats the grain key (optional in commands).</summary>
    private const string PersonaKeyField = "persona_id";

    private string PersonaId => _activation.Identity.Key;

    private string Tenant => _activation.Identity.Tenant;

    private DateTimeOffset Now => _activation.Time.GetUtcNow();

    public Task RecoverAsync(CancellationToken cancellationToken) => _journaled.RecoverAsync(cancellationToken);

    public override async Task<PersonaAck> Hire(HirePersonaRequest request, ServerCallContext context)
    {
        RequireSamePersona(request.PersonaId);
        var ack = await ExecuteAsync(request, request.RequestId, new HirePersona(PersonaId, ToProfile(request.Profile)), Ack).ConfigureAwait(false);
        await RegisterForRoutingAsync().ConfigureAwait(false);
        return ack;
    }

    public override async Task<PersonaAck> UpdateProfile(UpdateProfileRequest request, ServerCallContext context)
    {
        RequireSamePersona(request.PersonaId);
        var ack = await ExecuteAsync(request, request.RequestId, new UpdateProfile(ToProfile(request.Profile)), Ack).ConfigureAwait(false);
        await RegisterForRoutingAsync().ConfigureAwait(false);
        return ack;
    }

    public override async Task<AssignWorkAck> AssignWork(AssignWorkRequest request, ServerCallContext context)
    {
        RequireSamePersona(request.PersonaId);
        var offers = request.Items.Select(i => new WorkOffer(
            i.EventId, i.EventType, i.Source, WorkPriorities.FromContract(i.Priority),
            i.OccurredAt?.ToDateTimeOffset(), i.AcceptedAt?.ToDateTimeOffset(), i.Decision)).ToList();
        var heldBefore = request.Late ? await HeldBeforeAsync(offers).ConfigureAwait(false) : null;
        return await ExecuteAsync(request, request.RequestId, new AssignWork(offers, heldBefore), (state, version, events) =>
        {
            var ack = new AssignWorkAck { PersonaId = PersonaId, Assigned = events.Count, Open = state.Inbox.Open.Count, Version = version };
            foreach (var item in request.Items)
            {
                if (state.Inbox.Open.ContainsKey(item.EventId))
                    ack.Held.Add(item.EventId);
                else if (state.Inbox.WasReturned(item.EventId))
                    ack.Returned.Add(item.EventId);
            }
            // Offered, but neither held nor closed now: the inbox was full (Quotas:OpenWorkPerPersona).
            ack.Refused.AddRange(offers.Where(o => !state.Inbox.Knows(o.EventId, o.Decision)).Select(o => o.EventId).Distinct());
            return ack;
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// Of a late repeat's offers, those this persona ever held although its memory of closed work no longer says so: its
    /// journal has their assignment. Only the offers memory does not answer are looked up (a read of the whole stream).
    /// </summary>
    private async Task<IReadOnlySet<string>?> HeldBeforeAsync(IReadOnlyList<WorkOffer> offers)
    {
        var inbox = _journaled.State.Inbox;
        var unknown = offers.Where(o => !inbox.Knows(o.EventId, o.Decision)).Select(o => o.EventId).ToHashSet(StringComparer.Ordinal);
        if (unknown.Count == 0)
            return null;
        var held = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var e in _journaled.ReadCommittedAsync().ConfigureAwait(false))
        {
            if (e is WorkAssigned assigned && unknown.Contains(assigned.EventId))
                held.Add(assigned.EventId);
        }
        return held;
    }

    public override Task<InboxView> GetInbox(GetInboxRequest request, ServerCallContext context)
    {
        RequireSamePersona(request.PersonaId);
        var limit = PageSizes.Inbox.Resolve(request.Limit);
        long[]? after = null;
        if (request.Cursor.Length > 0 && (after = PageCursor.Decode(request.Cursor, 2)) is null)
            throw GrainException.Invalid("cursor", "is not a cursor this API returned");
        var state = RequireHired();
        var items = state.Inbox.Items;
        var view = new InboxView { PersonaId = PersonaId, Open = items.Count, Version = _journaled.Version };
        var start = after is null ? 0 : PersonaInbox.IndexAfter(items, (WorkPriority)after[0], after[1]);
        var end = Math.Min(items.Count, start + limit);
        if (end < items.Count)
            view.NextCursor = PageCursor.Encode((long)items[end - 1].Priority, items[end - 1].Seq);
        for (var i = start; i < end; i++)
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
        return ExecuteAsync(request, request.RequestId, new CompleteWork(request.EventId, request.Outcome), (state, version, _) =>
            new WorkAck { PersonaId = PersonaId, EventId = request.EventId, Open = state.Inbox.Open.Count, Version = version });
    }

    public override Task<WorkAck> ReturnWork(ReturnWorkRequest request, ServerCallContext context)
    {
        RequireSamePersona(request.PersonaId);
        return ExecuteAsync(request, request.RequestId, new ReturnWork(request.EventId, request.Reason), (state, version, _) =>
            new WorkAck { PersonaId = PersonaId, EventId = request.EventId, Open = state.Inbox.Open.Count, Version = version });
    }

    public override async Task<FactAck> RememberFact(RememberFactRequest request, ServerCallContext context)
    {
        RequireSamePersona(request.PersonaId);
        var command = new RememberFact(request.PersonId, ToFactKind(request.Kind), request.Subject, request.Text, request.Source);
        var ack = await ExecuteAsync(request, request.RequestId, command, (_, version, events) =>
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
        }).ConfigureAwait(false);
        NudgeMemory(ack.Version);
        return ack;
    }

    public override async Task<FactAck> ReviseFact(ReviseFactRequest request, ServerCallContext context)
    {
        RequireSamePersona(request.PersonaId);
        var ack = await ExecuteAsync(request, request.RequestId, new ReviseFact(request.PersonId, request.FactId, request.Text, request.Source), (_, version, _) =>
            new FactAck { PersonaId = PersonaId, PersonId = request.PersonId, FactId = request.FactId, Version = version }).ConfigureAwait(false);
        NudgeMemory(ack.Version);
        return ack;
    }

    public override async Task<FactAck> RetractFact(RetractFactRequest request, ServerCallContext context)
    {
        RequireSamePersona(request.PersonaId);
        var ack = await ExecuteAsync(request, request.RequestId, new RetractFact(request.PersonId, request.FactId, request.Reason), (_, version, _) =>
            new FactAck { PersonaId = PersonaId, PersonId = request.PersonId, FactId = request.FactId, Version = version }).ConfigureAwait(false);
        NudgeMemory(ack.Version);
        return ack;
    }

    public override async Task<ForgetPersonAck> ForgetPerson(ForgetPersonRequest request, ServerCallContext context)
    {
        RequireSamePersona(request.PersonaId);
        var ack = await ExecuteAsync(request, request.RequestId, new ForgetPerson(request.PersonId), (_, version, events) =>
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
        await ForgetInMemoryAsync(request.PersonId, ack.Version).ConfigureAwait(false);
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
        var limit = PageSizes.Facts.Resolve(request.Limit);
        long[]? after = null;
        if (request.Cursor.Length > 0 && (after = PageCursor.Decode(request.Cursor, 1)) is null)
            throw GrainException.Invalid("cursor", "is not a cursor this API returned");
        var state = RequireHired();
        if (!GrainIds.IsEntityId(request.PersonId))
            throw GrainException.Invalid("personId", $"must be {GrainIds.EntityIdRule}");
        var facts = state.FactsAbout(request.PersonId);
        if (facts.IsEmpty)
            throw GrainException.NotFound($"Persona {PersonaId} knows nothing about {request.PersonId}.");
        var view = new PersonView { PersonaId = PersonaId, PersonId = request.PersonId, FactCount = facts.Count };
        // Newest first: fact ids only grow, so a page continues below the last id shown.
        var page = (after is null ? facts : facts.Where(f => f.FactId < after[0])).Take(limit + 1).ToList();
        if (page.Count > limit)
        {
            page.RemoveAt(limit);
            view.NextCursor = PageCursor.Encode(page[^1].FactId);
        }
        view.Facts.AddRange(page.Select(f => new PersonFact
        {
            FactId = f.FactId,
            Kind = (FactKind)(int)f.Kind,
            Subject = f.Subject,
            Text = f.Text,
            Source = f.Source,
            RememberedAt = Timestamp.FromDateTimeOffset(f.RememberedAt),
            RevisedAt = ProtoTimes.Of(f.RevisedAt),
        }));
        return Task.FromResult(view);
    }

    /// <summary>
    /// Tells the persona's long-term memory that its facts changed (up to <paramref name="version"/>), without waiting: the
    /// memory reads the facts from this persona's journal itself, and a search there catches up anyway, so a lost nudge
    /// only delays the mirror. The memory never calls a persona, so nothing here can deadlock.
    /// </summary>
    private void NudgeMemory(long version)
    {
        if (!_clients.IsHosted(MemoryClients.Kind))
            return;
        _ = NudgeAsync();

        async Task NudgeAsync()
        {
            try
            {
                await _clients.Memory(Tenant, PersonaId).MirrorFactsAsync(new MirrorFactsRequest
                {
                    RequestId = $"mirror-{PersonaId}-{version}",
                    ThroughVersion = version,
                }).ResponseAsync.ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                LogMirrorDeferred(_logger, ex, _activation.StreamKey, version);
            }
        }
    }

    /// <summary>
    /// Erases the person from the persona's long-term memory too, before the erasure is acknowledged, so no stored memory
    /// event or snapshot outlives the answer. Should the memory not answer, the erasure still happens: the memory reads
    /// this persona's journal (its <c>PersonForgotten</c>) before any search or list. The request id derives from this
    /// persona's stream version, so a retried erasure is one erasure.
    /// </summary>
    private async Task ForgetInMemoryAsync(string personId, long version)
    {
        if (!_clients.IsHosted(MemoryClients.Kind))
            return;
        try
        {
            await _clients.Memory(Tenant, PersonaId).ForgetPersonAsync(new ForgetPersonMemoriesRequest
            {
                RequestId = $"forget-{personId}-{version}",
                PersonId = personId,
            }).ResponseAsync.ConfigureAwait(false);
        }
        catch (RpcException ex)
        {
            LogMirrorDeferred(_logger, ex, _activation.StreamKey, version);
        }
    }

    /// <summary>Decides <paramref name="command"/> under the request's id, remembering what <paramref name="request"/> asked for.</summary>
    private Task<TReply> ExecuteAsync<TReply>(
        Google.Protobuf.IMessage request, string requestId, PersonaCommand command, Func<PersonaState, long, IReadOnlyList<PersonaEvent>, TReply> reply)
        where TReply : Google.Protobuf.IMessage<TReply>, new() =>
        _journaled.ExecuteAsync(requestId, RequestFingerprint.Of(request.Descriptor.FullName, PersonaId, request, PersonaKeyField),
            state => PersonaDecider.Decide(command, state, Now, _quotas), reply);

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
        profile.Knowledge.AddRange(state.Profile.KnowledgeCollections);
        profile.Tools.AddRange(state.Profile.CallableTools);
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
        profile is null ? null : new Profile(profile.Name, profile.Role, [.. profile.Skills], [.. profile.Responsibilities], profile.Personality, [.. profile.Handles], [.. profile.Knowledge], [.. profile.Tools]);

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Long-term memory of {StreamKey} was not told about its facts up to version {Version}; it catches up on its next search")]
    private static partial void LogMirrorDeferred(ILogger logger, Exception exception, string streamKey, long version);
}
