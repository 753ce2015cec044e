using EDRS.Actors.Memory;
using EDRS.Actors.WorkingMemory.Commands;
using EDRS.Actors.WorkingMemory.Events;
using EDRS.Grains.Contracts.Memory;
using EDRS.Grains.Runtime;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace EDRS.Actors.WorkingMemory;

/// <summary>
/// One persona's working memory (kind <c>working-memory</c>, identity <c>{tenant}/{personaId}</c>): each rpc runs
/// the <see cref="WorkingMemoryDecider"/> through the grain's <see cref="JournaledState{TState}"/>. Expired items are
/// never returned, and a timer set for the next expiry sends the grain its own <c>Sweep</c> through the cluster, so
/// the expiry is journaled in the grain's mailbox order like any other command (and re-activates a passivated grain
/// that still holds items).
/// </summary>
public sealed partial class PersonaWorkingMemory : WorkingMemoryGrain.WorkingMemoryGrainBase, IJournaledGrain
{
    /// <summary>Expiries closer together than this are swept in one go.</summary>
    private static readonly TimeSpan SweepSlack = TimeSpan.FromMilliseconds(200);

    private readonly GrainActivation _activation;
    private readonly JournaledState<WorkingMemoryState, WorkingMemoryEvent> _journaled;
    private readonly GrainClients _clients;
    private readonly ILogger<PersonaWorkingMemory> _logger;
    private ITimer? _sweepTimer;
    private DateTimeOffset? _sweepAt;

    public PersonaWorkingMemory(GrainActivation activation, JournaledStateFactory states, GrainClients clients, ILogger<PersonaWorkingMemory> logger)
    {
        _activation = activation;
        _clients = clients;
        _logger = logger;
        _journaled = states.Create<WorkingMemoryState, WorkingMemoryEvent>(activation, WorkingMemoryState.Initial, WorkingMemoryDecider.Evolve);
    }

    private DateTimeOffset Now => _activation.Time.GetUtcNow();

    private string Tenant => _activation.Identity.Tenant;

    private string PersonaId => _activation.Identity.Key;

    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        await _journaled.RecoverAsync(cancellationToken).ConfigureAwait(false);
        ScheduleSweep();
    }

    public override async Task<RememberItemAck> Remember(RememberItemRequest request, ServerCallContext context)
    {
        RequireSamePersona(request.PersonaId);
        var ack = await _journaled.ExecuteAsync(request.RequestId, s => WorkingMemoryDecider.Decide(ToCommand(request), s, Now), (state, version, events) =>
        {
            var added = events.OfType<WorkingMemoryItemAdded>().Single();
            return new RememberItemAck
            {
                PersonaId = PersonaId,
                ItemId = added.ItemId,
                ExpiresAt = Timestamp.FromDateTimeOffset(added.ExpiresAt),
                EvictedItemId = events.OfType<WorkingMemoryItemEvicted>().SingleOrDefault()?.ItemId ?? 0,
                Version = version,
            };
        }).ConfigureAwait(false);
        ScheduleSweep();
        return ack;
    }

    public override async Task<ForgetItemAck> Forget(ForgetItemRequest request, ServerCallContext context)
    {
        RequireSamePersona(request.PersonaId);
        var ack = await _journaled.ExecuteAsync(request.RequestId, s => WorkingMemoryDecider.Decide(new ForgetItem(request.ItemId), s, Now), (state, version, events) =>
            new ForgetItemAck { PersonaId = PersonaId, ItemId = request.ItemId, Version = version }).ConfigureAwait(false);
        ScheduleSweep();
        return ack;
    }

    public override async Task<SweepAck> Sweep(SweepRequest request, ServerCallContext context)
    {
        RequireSamePersona(request.PersonaId);
        var ack = await _journaled.ExecuteAsync(request.RequestId, s => WorkingMemoryDecider.Decide(new SweepExpired(), s, Now), (state, version, events) =>
            new SweepAck { PersonaId = PersonaId, Expired = events.Count, Version = version }).ConfigureAwait(false);
        ScheduleSweep();
        return ack;
    }

    /// <summary>
    /// Remembers the item in the persona's long-term memory, then drops it here. The memory call's request id and origin
    /// derive from the item, so a retry after any failure promotes once; the memory never calls working memory back.
    /// </summary>
    public override async Task<PromoteItemAck> Promote(PromoteItemRequest request, ServerCallContext context)
    {
        RequireSamePersona(request.PersonaId);
        PromoteItemAck Ack(WorkingMemoryState state, long version, IReadOnlyList<WorkingMemoryEvent> events) => new()
        {
            PersonaId = PersonaId,
            ItemId = request.ItemId,
            MemoryId = events.OfType<WorkingMemoryItemPromoted>().Single().MemoryId,
            Version = version,
        };
        var item = _journaled.State.LiveAt(Now).FirstOrDefault(i => i.ItemId == request.ItemId);
        if (item is null)
        {
            // Gone: a repeated request gets its first answer; any other learns the item is not held.
            return await _journaled.ExecuteAsync(request.RequestId, s => WorkingMemoryDecider.Decide(new PromoteItem(request.ItemId, 0), s, Now), Ack)
                .ConfigureAwait(false);
        }
        if (request.Importance is < 0 or > 10)
            throw GrainException.Invalid("importance", "must be 1..10 (0: from the item's priority)");
        MemoryAck memory;
        try
        {
            memory = await _clients.Memory(Tenant, PersonaId).RememberAsync(new RememberMemoryRequest
            {
                RequestId = $"promote-{PersonaId}-{item.ItemId}",
                Text = item.Text,
                PersonId = item.About,
                Kind = request.Kind,
                Importance = request.Importance == 0 ? WorkingMemoryDecider.ImportanceOf(item.Priority) : request.Importance,
                OccurredAt = Timestamp.FromDateTimeOffset(item.AddedAt),
                Source = MemoryEntrySource.Told,
                Origin = $"working-memory:{item.ItemId}",
            }, cancellationToken: context.CancellationToken).ResponseAsync.ConfigureAwait(false);
        }
        catch (RpcException ex)
        {
            // The long-term memory's answer is this call's answer, with the same status (a bad kind is INVALID_ARGUMENT here too).
            throw new GrainException(ex.StatusCode, ex.Status.Detail, GrainFaults.ViolationsOf(ex), GrainFaults.RetryAfterOf(ex));
        }
        var ack = await _journaled.ExecuteAsync(request.RequestId, s => WorkingMemoryDecider.Decide(new PromoteItem(item.ItemId, memory.Memory.Id), s, Now), Ack)
            .ConfigureAwait(false);
        ScheduleSweep();
        return ack;
    }

    public override Task<WorkingMemoryView> Recall(RecallRequest request, ServerCallContext context)
    {
        RequireSamePersona(request.PersonaId);
        if (request.About.Length > 0 && !GrainIds.IsEntityId(request.About))
            throw GrainException.Invalid("about", $"must be empty or {GrainIds.EntityIdRule}");
        if (request.Limit is < 0 or > WorkingMemoryLimits.Capacity)
            throw GrainException.Invalid("limit", $"must be 0 (all) or 1..{WorkingMemoryLimits.Capacity}");
        var live = _journaled.State.LiveAt(Now).ToList();
        var wanted = live.Where(i => request.About.Length == 0 || i.About.Length == 0 || i.About == request.About);
        if (request.Limit > 0)
            wanted = wanted.Take(request.Limit);
        var view = new WorkingMemoryView { PersonaId = PersonaId, Held = live.Count, Version = _journaled.Version };
        view.Items.AddRange(wanted.Select(i => new Grains.Contracts.Memory.WorkingMemoryItem
        {
            ItemId = i.ItemId,
            Text = i.Text,
            Priority = ItemPriorities.ToContract(i.Priority),
            About = i.About,
            AddedAt = Timestamp.FromDateTimeOffset(i.AddedAt),
            ExpiresAt = Timestamp.FromDateTimeOffset(i.ExpiresAt),
        }));
        return Task.FromResult(view);
    }

    /// <summary>Sets the timer for the next expiry (or drops it when nothing is held, so an empty memory can passivate).</summary>
    private void ScheduleSweep()
    {
        var next = _journaled.State.NextExpiry;
        if (next == _sweepAt)
            return;
        _sweepTimer?.Dispose();
        _sweepTimer = null;
        _sweepAt = next;
        if (next is not { } at)
            return;
        var due = at - Now + SweepSlack;
        // The callback holds the grain's address, not the grain: a timer that outlives a passivated activation must not
        // keep it in memory until it fires.
        var (clients, tenant, personaId, logger, streamKey) = (_clients, Tenant, PersonaId, _logger, _activation.StreamKey);
        _sweepTimer = _activation.Time.CreateTimer(_ => _ = SweepAsync(clients, tenant, personaId, logger, streamKey), null,
            due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Through the cluster, not a direct call: the sweep must wait its turn in the grain's mailbox (and re-activates a passivated grain).</summary>
    private static async Task SweepAsync(GrainClients clients, string tenant, string personaId, ILogger logger, string streamKey)
    {
        try
        {
            await clients.WorkingMemory(tenant, personaId)
                .SweepAsync(new SweepRequest { RequestId = $"sweep-{Guid.CreateVersion7():N}" })
                .ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The member may be shutting down; the next command or read expires the items anyway.
            LogSweepFailed(logger, ex, streamKey);
        }
    }

    private static RememberItem ToCommand(RememberItemRequest request) =>
        new(request.Text, ItemPriorities.FromContract(request.Priority), request.TtlSeconds, request.About);

    private void RequireSamePersona(string personaId)
    {
        if (personaId.Length > 0 && personaId != PersonaId)
            throw GrainException.Invalid("personaId", $"addresses persona '{personaId}' but the call reached the working memory of '{PersonaId}'");
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Expiry sweep of {StreamKey} did not run")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception, string streamKey);
}
