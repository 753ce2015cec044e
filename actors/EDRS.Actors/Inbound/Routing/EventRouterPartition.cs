using System.Text.Json;
using EDRS.Actors.Inbound.History;
using EDRS.Actors.Inbound.History.Events;
using EDRS.Actors.Inbound.Ingestion;
using EDRS.Actors.Inbound.Routing.Commands;
using EDRS.Actors.Inbound.Routing.Events;
using EDRS.Actors.Inbound.Work;
using EDRS.Actors.Paging;
using EDRS.Actors.Personas;
using EDRS.Actors.Quotas;
using EDRS.Grains.Contracts.Events;
using EDRS.Grains.Contracts.Personas;
using EDRS.Grains.Runtime;
using EDRS.Persistence.Journal;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EDRS.Actors.Inbound.Routing;

/// <summary>
/// One router partition of a tenant (kind <c>event-router</c>, identity <c>{tenant}/p{n}</c>); it owns the event
/// ids that hash to it. For a batch it: validates; reads the routing table once; decides each event
/// (CRITICAL first) with <see cref="RoutingDecider"/>; journals each event with its decision as the new stream
/// <c>event/{tenant}/{eventId}</c> at expected version 0 (all appends of the batch go into the member's group
/// commit together) — the database refuses a second stream of the same id, so dedup is exact and survives
/// restarts; delivers the work to the personas (one call per persona per batch); and only then answers.
/// </summary>
/// <remarks>
/// A repeated event id gets its first receipt back. If the first time's answer was lost (crash between the
/// journal commit and the persona's delivery), the repeat re-delivers the work to the persona the event was
/// routed to; the persona skips work it already holds or closed under that decision, so there is one effect. After the
/// redelivery window the persona takes it only if its journal shows it never held it (work done long ago is not opened
/// again; work that never arrived still does). Work the persona handed back while the router never heard of it (an
/// interrupted hand-back) is routed on. The repeat's result says who holds the work now (<c>held_by</c>).
/// </remarks>
public sealed partial class EventRouterPartition : EventRouter.EventRouterBase, IJournaledGrain
{
    private readonly GrainActivation _activation;
    private readonly JournaledState<EventRouterState, EventRouterEvent> _journaled;
    private readonly GrainClients _clients;
    private readonly IEventJournal _journal;
    private readonly EventsOptions _options;
    private readonly QuotaOptions _quotas;
    private readonly int _maxQueued;
    private readonly ILogger _logger;
    private readonly int _partition;
    private long _routedTableVersion = -1;
    private uint _rotation;

    public EventRouterPartition(
        GrainActivation activation,
        JournaledStateFactory states,
        GrainClients clients,
        IEventJournal journal,
        IOptions<EventsOptions> options,
        IOptions<QuotaOptions> quotas,
        ILoggerFactory loggers)
    {
        _activation = activation;
        _clients = clients;
        _journal = journal;
        _options = options.Value;
        _quotas = quotas.Value;
        _maxQueued = _quotas.UnassignedEventsPerPartition(_options.RouterPartitions);
        _logger = loggers.CreateLogger("EDRS.Events");
        _partition = EventIdentities.PartitionOf(activation.Identity.Key);
        _journaled = states.Create<EventRouterState, EventRouterEvent>(activation, EventRouterState.Initial, EventRouterDecider.Evolve);
        // Routers are created lazily by the RNG of the hash; the first one starts the rotation anywhere.
        _rotation = (uint)Random.Shared.Next();
    }

    private DateTimeOffset Now => _activation.Time.GetUtcNow();

    private string Tenant => _activation.Identity.Tenant;

    public Task RecoverAsync(CancellationToken cancellationToken) => _journaled.RecoverAsync(cancellationToken);

    public override async Task<IngestReply> Ingest(IngestRequest request, ServerCallContext context)
    {
        if (request.Events.Count > EventLimits.MaxBatch)
            throw GrainException.Invalid("events", $"at most {EventLimits.MaxBatch} events per batch (had {request.Events.Count})");
        var count = request.Events.Count;
        var results = new PublishResult[count];
        var valid = new List<int>(count);
        for (var i = 0; i < count; i++)
        {
            var e = request.Events[i];
            if (EventValidation.Normalize(e) is { } violation)
                results[i] = Refused(i, e.EventId, violation);
            else if (_partition >= 0 && EventPartitions.Of(e.EventId, _options.RouterPartitions) != _partition)
                results[i] = Refused(i, e.EventId, new EventViolation("eventId", $"belongs to router partition {EventPartitions.Of(e.EventId, _options.RouterPartitions)}, not {_partition}"));
            else
                valid.Add(i);
        }
        if (valid.Count == 0)
            return Reply(results);

        // CRITICAL before HIGH before NORMAL before LOW: the most urgent events pick personas first (stable within a level).
        valid.Sort((a, b) =>
        {
            var byPriority = request.Events[b].Priority.CompareTo(request.Events[a].Priority);
            return byPriority != 0 ? byPriority : a.CompareTo(b);
        });

        var table = await TableAsync().ConfigureAwait(false);
        var loads = Loads(table);
        var now = Now;
        var acceptedAt = Timestamp.FromDateTimeOffset(now);
        var appends = new Task<long>?[count];
        var choices = new RoutingChoice[count];
        var newlyUnassigned = 0;
        foreach (var i in valid)
        {
            var e = request.Events[i];
            var choice = RoutingDecider.Choose(table.Personas, loads, e.EventType, exclude: null, ref _rotation, _quotas.OpenWorkPerPersona);
            choices[i] = choice;
            if (choice.PersonaId is null && !EventRouterDecider.HasRoomFor(_journaled.State, newlyUnassigned + 1, _maxQueued))
            {
                // Nowhere to go and no room to wait: not accepted (nothing is journaled), unless it was accepted before.
                results[i] = await QueueFullAsync(i, e).ConfigureAwait(false);
                continue;
            }
            if (choice.PersonaId is null)
                newlyUnassigned++;
            if (choice.PersonaId is { } persona)
                loads[persona] = loads.GetValueOrDefault(persona) + 1;
            var receipt = new EventReceipt
            {
                EventId = e.EventId, AcceptedAt = acceptedAt, RoutedTo = choice.PersonaId ?? "", Unassigned = choice.PersonaId is null, OccurredAt = e.OccurredAt,
            };
            results[i] = new PublishResult { Index = i, EventId = e.EventId, Receipt = receipt };
            RoutingDecision decision = choice.PersonaId is { } routedTo
                ? new EventRouted(routedTo, choice.Reason, choice.Candidates, now)
                : new EventUnassigned(choice.Reason, now);
            appends[i] = _journal.AppendAsync(new AppendRequest(
                EventIdentities.EventStream(Tenant, e.EventId), 0, [Received(e, now), decision], e.EventId, receipt.ToByteArray()));
        }

        var deliveries = new Dictionary<(string Persona, bool Late), List<(int Index, WorkItem Item)>>();
        var repeats = new Dictionary<int, EventHistory>();
        var toQueue = new List<UnroutedEvent>();
        foreach (var i in valid)
        {
            var e = request.Events[i];
            if (appends[i] is not { } append)
                continue;
            try
            {
                await append.ConfigureAwait(false);
                if (choices[i].PersonaId is { } persona)
                    Deliver(deliveries, (persona, false), i, WorkOf(e, acceptedAt, decision: 2));
                else
                    toQueue.Add(new UnroutedEvent(e.EventId, e.EventType, e.Source, PriorityOf(e)));
            }
            catch (StreamVersionConflictException)
            {
                results[i] = await DuplicateAsync(i, e, deliveries, toQueue, repeats).ConfigureAwait(false);
            }
            catch (JournalUnavailableException ex)
            {
                LogJournalUnavailable(_logger, ex, Tenant, e.EventId);
                results[i] = Failed(i, e.EventId, StatusCode.Unavailable, "The journal is unavailable; the event may not have been accepted: retry it.");
            }
            catch (JournalRejectedException ex)
            {
                // Nothing of this event was written (a definite outcome): it alone is refused, the rest of the batch goes on.
                // Its source, type and metadata passed the edge's checks, so what the journal refuses is in its payload.
                LogRejected(_logger, Tenant, e.EventId, ex.SqlState, ex.Reason);
                results[i] = RefusedByJournal(i, e.EventId, ex);
            }
        }

        await QueueAsync(toQueue, results).ConfigureAwait(false);
        await DeliverAsync(deliveries, results, repeats, table, loads).ConfigureAwait(false);
        if (_journaled.State.Unassigned.Count > 0 && table.Version != _routedTableVersion)
            await RouteQueueAsync(table).ConfigureAwait(false);
        return Reply(results);
    }

    public override async Task<RouteUnassignedReply> RouteUnassigned(RouteUnassignedRequest request, ServerCallContext context)
    {
        var table = await TableAsync().ConfigureAwait(false);
        var routed = await RouteQueueAsync(table).ConfigureAwait(false);
        return new RouteUnassignedReply { Routed = routed, StillUnassigned = _journaled.State.Unassigned.Count };
    }

    public override async Task<ReassignReply> Reassign(ReassignRequest request, ServerCallContext context)
    {
        if (!GrainIds.IsRequestId(request.EventId))
            throw GrainException.Invalid("eventId", "is required");
        if (!GrainIds.IsEntityId(request.ReturnedBy))
            throw GrainException.Invalid("returnedBy", $"must be {GrainIds.EntityIdRule}");
        var history = await HistoryAsync(request.EventId).ConfigureAwait(false)
            ?? throw GrainException.NotFound($"No event {request.EventId} was accepted.");
        var reply = new ReassignReply { EventId = request.EventId };
        if (history.RoutedTo is { } current && current != request.ReturnedBy)
        {
            // Already re-routed (this is a repeated call): make sure the new owner has it, change nothing else.
            await DeliverOneAsync(current, WorkOf(history, history.LatestDecisionVersion)).ConfigureAwait(false);
            reply.RoutedTo = current;
            return reply;
        }
        if (history.RoutedTo is null)
        {
            await QueueAsync([Queued(history)], []).ConfigureAwait(false);
            return reply;
        }

        var table = await TableAsync().ConfigureAwait(false);
        var decided = await PlaceAsync(history, request.ReturnedBy, table, Loads(table)).ConfigureAwait(false);
        reply.RoutedTo = decided.RoutedTo ?? "";
        return reply;
    }

    public override Task<UnassignedView> GetUnassigned(GetUnassignedRequest request, ServerCallContext context)
    {
        var limit = PageSizes.Unassigned.Resolve(request.Limit);
        UnassignedCursor? after = null;
        if (request.After.Length > 0 && (after = UnassignedCursor.Parse(request.After)) is null)
            throw GrainException.Invalid("cursor", "is not a cursor this API returned");
        var queue = _journaled.State.Unassigned;
        var (page, more) = queue.Page(after, limit);
        var view = new UnassignedView { More = more, Queued = queue.Count };
        foreach (var queued in page)
        {
            view.Events.Add(new UnassignedEvent
            {
                EventId = queued.EventId,
                EventType = queued.EventType,
                Priority = WorkPriorities.ToContract(queued.Priority),
                Source = queued.Source,
                QueuedAt = Timestamp.FromDateTimeOffset(queued.QueuedAt),
            });
        }
        return Task.FromResult(view);
    }

    /// <summary>Routes the queue (highest priority first) against <paramref name="table"/>; returns how many left it.</summary>
    private async Task<int> RouteQueueAsync(RoutingTableView table)
    {
        _routedTableVersion = table.Version;
        var queue = _journaled.State.Unassigned;
        if (queue.Count == 0)
            return 0;
        var loads = Loads(table);
        var dequeued = new List<KeyValuePair<string, string>>();
        foreach (var queued in queue)
        {
            var choice = RoutingDecider.Choose(table.Personas, loads, queued.EventType, exclude: null, ref _rotation, _quotas.OpenWorkPerPersona);
            if (choice.PersonaId is null)
                continue;
            var history = await HistoryAsync(queued.EventId).ConfigureAwait(false);
            if (history is null)
                continue;
            // A decision already journaled by an earlier, interrupted attempt stands (unless that persona's inbox is full);
            // otherwise decide now.
            var decided = history.RoutedTo is { } prior && await DeliverOneAsync(prior, WorkOf(history, history.LatestDecisionVersion), loads).ConfigureAwait(false)
                ? history
                : await PlaceAsync(history, history.RoutedTo, table, loads, history.RoutedTo is null ? choice : null).ConfigureAwait(false);
            if (decided.RoutedTo is { } routedTo)
                dequeued.Add(new(queued.EventId, routedTo));
        }
        if (dequeued.Count > 0)
            await _journaled.ExecuteAsync(NewRequestId("dequeue"), state => EventRouterDecider.Decide(new DequeueRouted(dequeued), state, Now),
                (_, version, _) => new RoutingTableAck { Version = version }).ConfigureAwait(false);
        LogQueueRouted(_logger, Tenant, _partition, dequeued.Count, _journaled.State.Unassigned.Count);
        return dequeued.Count;
    }

    /// <summary>
    /// Decides again where an event goes (<paramref name="first"/>, or a fresh choice without <paramref name="exclude"/>)
    /// and puts it there. A persona whose inbox turns out full refuses the work: the next choice passes it by, and after a
    /// few such refusals the event waits unassigned — work that was accepted is never dropped. Returns the event's history
    /// as it ends: routed to the persona that took it, or unassigned.
    /// </summary>
    private async Task<EventHistory> PlaceAsync(
        EventHistory history, string? exclude, RoutingTableView table, Dictionary<string, int> loads, RoutingChoice? first = null)
    {
        const int attempts = 3;
        var choice = first;
        for (var attempt = 0; attempt < attempts; attempt++)
        {
            choice ??= RoutingDecider.Choose(table.Personas, loads, history.Received.EventType, exclude, ref _rotation, _quotas.OpenWorkPerPersona);
            var (decided, refusedBy) = await DecideAgainAsync(history, choice, loads).ConfigureAwait(false);
            if (refusedBy is null)
                return decided;
            (history, exclude, choice) = (decided, refusedBy, null);
        }
        var (waiting, _) = await DecideAgainAsync(history, new RoutingChoice(null, $"the personas chosen for {history.Received.EventType} had full inboxes", 0), loads)
            .ConfigureAwait(false);
        return waiting;
    }

    /// <summary>
    /// Journals a new decision in the event's stream (at its current version), then delivers or queues it. Returns the
    /// history after the decision, and the persona that refused the work because its inbox was full (null: it landed).
    /// </summary>
    private async Task<(EventHistory Decided, string? RefusedBy)> DecideAgainAsync(EventHistory history, RoutingChoice choice, Dictionary<string, int>? loads = null)
    {
        var now = Now;
        RoutingDecision decision = choice.PersonaId is { } persona
            ? new EventRouted(persona, choice.Reason, choice.Candidates, now)
            : new EventUnassigned(choice.Reason, now);
        var streamKey = EventIdentities.EventStream(Tenant, history.Received.EventId);
        try
        {
            await _journal.AppendAsync(new AppendRequest(streamKey, history.Version, [decision], NewRequestId("decide"))).ConfigureAwait(false);
        }
        catch (StreamVersionConflictException)
        {
            throw new GrainException(StatusCode.Aborted, $"Event {history.Received.EventId} was decided concurrently; retry.");
        }
        catch (JournalUnavailableException ex)
        {
            LogJournalUnavailable(_logger, ex, Tenant, history.Received.EventId);
            throw new GrainException(StatusCode.Unavailable, "The journal is unavailable; retry later.");
        }
        catch (JournalRejectedException ex)
        {
            LogRejected(_logger, Tenant, history.Received.EventId, ex.SqlState, ex.Reason);
            throw GrainException.From(ex);
        }
        var decided = history with { LatestDecision = decision, LatestDecisionVersion = history.Version + 1, Version = history.Version + 1 };
        if (decided.RoutedTo is { } routedTo)
            return (decided, await DeliverOneAsync(routedTo, WorkOf(decided, decided.LatestDecisionVersion), loads).ConfigureAwait(false) ? null : routedTo);
        await QueueAsync([Queued(decided)], []).ConfigureAwait(false);
        return (decided, null);
    }

    private async Task<PublishResult> DuplicateAsync(
        int index, BaseEvent e, Dictionary<(string, bool), List<(int, WorkItem)>> deliveries, List<UnroutedEvent> toQueue, Dictionary<int, EventHistory> repeats)
    {
        EventHistory? history;
        try
        {
            history = await HistoryAsync(e.EventId).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not GrainException)
        {
            LogJournalUnavailable(_logger, ex, Tenant, e.EventId);
            return Failed(index, e.EventId, StatusCode.Unavailable, "The event was seen before but its receipt could not be read; retry it.");
        }
        if (history is null)
            return Failed(index, e.EventId, StatusCode.Unavailable, "The event is being accepted concurrently; retry it.");
        if (history.RoutedTo is { } persona)
        {
            // Within the window a lost acknowledgement is the likely story: deliver again (the persona skips what it knows).
            // After it, the persona takes the work only if it never held it.
            var late = Now - history.DecidedAt > _options.RedeliveryWindow;
            Deliver(deliveries, (persona, late), index, WorkOf(history, history.LatestDecisionVersion));
            repeats[index] = history;
        }
        else if (!_journaled.State.IsQueued(e.EventId) && !toQueue.Exists(q => q.EventId == e.EventId))
        {
            toQueue.Add(Queued(history));
        }
        return new PublishResult { Index = index, EventId = e.EventId, Receipt = history.Receipt, Duplicate = true };
    }

    private async Task<EventHistory?> HistoryAsync(string eventId)
    {
        EventReceived? received = null;
        EventReceipt? receipt = null;
        RoutingDecision? latest = null;
        long latestVersion = 0, version = 0;
        await foreach (var recorded in _journal.ReadAsync(EventIdentities.EventStream(Tenant, eventId), 0).ConfigureAwait(false))
        {
            version = recorded.Version;
            switch (recorded.Data)
            {
                case EventReceived r:
                    received = r;
                    break;
                case RoutingDecision decision:
                    latest = decision;
                    latestVersion = recorded.Version;
                    break;
            }
            if (receipt is null && recorded.Reply is { } reply)
                receipt = EventReceipt.Parser.ParseFrom(reply);
        }
        return received is null || receipt is null || latest is null
            ? null
            : new EventHistory(received, receipt, latest, latestVersion, version);
    }

    private async Task QueueAsync(List<UnroutedEvent> toQueue, PublishResult[] results)
    {
        if (toQueue.Count == 0 || toQueue.TrueForAll(q => _journaled.State.IsQueued(q.EventId)))
            return;
        try
        {
            await _journaled.ExecuteAsync(NewRequestId("queue"), state => EventRouterDecider.Decide(new QueueUnassigned(toQueue), state, Now),
                (_, version, _) => new RoutingTableAck { Version = version }).ConfigureAwait(false);
        }
        catch (GrainException ex)
        {
            // Journaled as unassigned but not queued yet: the client's retry (a duplicate) queues it.
            foreach (var result in results)
            {
                if (result is { ErrorCode: 0, Receipt.Unassigned: true } && toQueue.Exists(q => q.EventId == result.EventId))
                {
                    result.ErrorCode = (int)StatusCode.Unavailable;
                    result.ErrorMessage = $"Accepted but not yet queued; retry the event: {ex.Message}";
                }
            }
        }
    }

    /// <param name="repeats">Repeated events being delivered again, by result index: their results get <c>held_by</c>.</param>
    private async Task DeliverAsync(
        Dictionary<(string Persona, bool Late), List<(int Index, WorkItem Item)>> deliveries, PublishResult[] results,
        Dictionary<int, EventHistory> repeats, RoutingTableView table, Dictionary<string, int> loads)
    {
        if (deliveries.Count == 0)
            return;
        var calls = new List<(string Persona, List<(int Index, WorkItem Item)> Items, Task<AssignWorkAck> Call)>(deliveries.Count);
        foreach (var ((persona, late), items) in deliveries)
        {
            var request = new AssignWorkRequest { RequestId = NewRequestId("assign"), Late = late };
            foreach (var (_, item) in items)
                request.Items.Add(item);
            calls.Add((persona, items, _clients.Persona(Tenant, persona).AssignWorkAsync(request).ResponseAsync));
        }
        var report = new ReportLoadsRequest();
        var refused = new List<(int Index, string Persona)>();
        foreach (var (persona, items, call) in calls)
        {
            try
            {
                var ack = await call.ConfigureAwait(false);
                report.Loads.Add(new PersonaLoad { PersonaId = persona, Open = ack.Open, Version = ack.Version });
                loads[persona] = ack.Open;
                foreach (var (index, item) in items)
                {
                    if (ack.Refused.Contains(item.EventId))
                        refused.Add((index, persona));
                }
                await SettleRepeatsAsync(persona, items, ack, results, repeats, table).ConfigureAwait(false);
            }
            catch (RpcException ex)
            {
                // Journaled and routed, not yet in the inbox: the client's retry re-delivers (the persona skips duplicates).
                foreach (var (index, _) in items)
                {
                    if (results[index].ErrorCode == 0)
                    {
                        results[index].ErrorCode = (int)StatusCode.Unavailable;
                        results[index].ErrorMessage = $"Accepted and routed to {persona}, not yet delivered; retry the event: {ex.Status.Detail}";
                    }
                }
            }
        }
        if (report.Loads.Count > 0)
        {
            try
            {
                await _clients.RoutingTable(Tenant).ReportLoadsAsync(report).ResponseAsync.ConfigureAwait(false);
            }
            catch (RpcException ex)
            {
                LogLoadReportFailed(_logger, ex, Tenant);
            }
        }
        foreach (var (index, persona) in refused)
            results[index] = await ReplaceRefusedAsync(results[index], persona, table, loads).ConfigureAwait(false);
    }

    /// <summary>
    /// What the repeats of one delivery found: work the persona holds (held_by is the persona), work it handed back while
    /// the router never heard of it (routed on now, without that persona), or work it closed (held by nobody).
    /// </summary>
    private async Task SettleRepeatsAsync(
        string persona, List<(int Index, WorkItem Item)> items, AssignWorkAck ack, PublishResult[] results, Dictionary<int, EventHistory> repeats, RoutingTableView table)
    {
        foreach (var (index, item) in items)
        {
            if (!repeats.TryGetValue(index, out var history))
                continue;
            if (ack.Held.Contains(item.EventId))
            {
                results[index].HeldBy = persona;
            }
            else if (ack.Returned.Contains(item.EventId))
            {
                try
                {
                    results[index].HeldBy = (await PlaceAsync(history, persona, table, Loads(table)).ConfigureAwait(false)).RoutedTo ?? "";
                }
                catch (Exception ex) when (ex is GrainException or RpcException)
                {
                    results[index].ErrorCode = (int)StatusCode.Unavailable;
                    results[index].ErrorMessage = $"{persona} handed the event back and it could not be routed on yet; retry the event.";
                }
            }
        }
    }

    /// <summary>Work a persona with a full inbox refused (its load had grown since the table was read): placed again elsewhere.</summary>
    private async Task<PublishResult> ReplaceRefusedAsync(PublishResult result, string refusedBy, RoutingTableView table, Dictionary<string, int> loads)
    {
        try
        {
            var history = await HistoryAsync(result.EventId).ConfigureAwait(false);
            if (history is null)
                return Failed(result.Index, result.EventId, StatusCode.Unavailable, "Accepted but not yet placed; retry the event.");
            var placed = await PlaceAsync(history, refusedBy, table, loads).ConfigureAwait(false);
            var receipt = result.Receipt.Clone();
            receipt.RoutedTo = placed.RoutedTo ?? "";
            receipt.Unassigned = placed.RoutedTo is null;
            var replaced = result.Clone();
            replaced.Receipt = receipt;
            return replaced;
        }
        catch (Exception ex) when (ex is RpcException or GrainException)
        {
            return Failed(result.Index, result.EventId, StatusCode.Unavailable, "Accepted and routed, not yet delivered; retry the event.");
        }
    }

    /// <summary>Puts one item into a persona's inbox; false when the persona refused it because its inbox is full.</summary>
    private async Task<bool> DeliverOneAsync(string persona, WorkItem item, Dictionary<string, int>? loads = null)
    {
        var request = new AssignWorkRequest { RequestId = NewRequestId("assign") };
        request.Items.Add(item);
        var ack = await _clients.Persona(Tenant, persona).AssignWorkAsync(request).ResponseAsync.ConfigureAwait(false);
        if (loads is not null)
            loads[persona] = ack.Open;
        var report = new ReportLoadsRequest();
        report.Loads.Add(new PersonaLoad { PersonaId = persona, Open = ack.Open, Version = ack.Version });
        await _clients.RoutingTable(Tenant).ReportLoadsAsync(report).ResponseAsync.ConfigureAwait(false);
        return !ack.Refused.Contains(item.EventId);
    }

    /// <summary>
    /// An event with nowhere to go when the unassigned queue is full: if it was accepted before, its duplicate receipt;
    /// otherwise refused (FAILED_PRECONDITION naming the quota) without being journaled.
    /// </summary>
    private async Task<PublishResult> QueueFullAsync(int index, BaseEvent e)
    {
        if (await HistoryAsync(e.EventId).ConfigureAwait(false) is { } history)
            return new PublishResult { Index = index, EventId = e.EventId, Receipt = history.Receipt, Duplicate = true };
        LogQueueFull(_logger, Tenant, _partition, _maxQueued);
        return new PublishResult
        {
            Index = index,
            EventId = e.EventId,
            ErrorCode = (int)StatusCode.FailedPrecondition,
            ErrorLimit = EventRouterDecider.UnassignedQuota,
            ErrorMessage = $"No persona takes {e.EventType} and the tenant's unassigned queue is full ({EventRouterDecider.UnassignedQuota}): " +
                           "hire or update a persona whose handles match the waiting events, then publish this one again.",
        };
    }

    private Task<RoutingTableView> TableAsync() =>
        _clients.RoutingTable(Tenant).GetTableAsync(new GetTableRequest()).ResponseAsync;

    private static Dictionary<string, int> Loads(RoutingTableView table)
    {
        var loads = new Dictionary<string, int>(table.Personas.Count, StringComparer.Ordinal);
        foreach (var persona in table.Personas)
            loads[persona.PersonaId] = persona.Open;
        return loads;
    }

    private static void Deliver(Dictionary<(string, bool), List<(int, WorkItem)>> deliveries, (string Persona, bool Late) to, int index, WorkItem item)
    {
        if (!deliveries.TryGetValue(to, out var items))
            deliveries[to] = items = [];
        items.Add((index, item));
    }

    private EventReceived Received(BaseEvent e, DateTimeOffset now)
    {
        using var payload = JsonDocument.Parse(e.Payload);
        return new EventReceived(e.EventId, e.Source, e.EventType, PriorityOf(e), payload.RootElement.Clone(),
            new Dictionary<string, string>(e.Metadata), e.OccurredAt.ToDateTimeOffset(), now, _partition);
    }

    private static WorkItem WorkOf(BaseEvent e, Timestamp acceptedAt, long decision) => new()
    {
        EventId = e.EventId,
        EventType = e.EventType,
        Source = e.Source,
        Priority = e.Priority,
        OccurredAt = e.OccurredAt,
        AcceptedAt = acceptedAt,
        Decision = decision,
    };

    private static WorkItem WorkOf(EventHistory history, long decision) => new()
    {
        EventId = history.Received.EventId,
        EventType = history.Received.EventType,
        Source = history.Received.Source,
        Priority = WorkPriorities.ToContract(history.Received.Priority),
        OccurredAt = Timestamp.FromDateTimeOffset(history.Received.OccurredAt),
        AcceptedAt = Timestamp.FromDateTimeOffset(history.Received.AcceptedAt),
        Decision = decision,
    };

    private static UnroutedEvent Queued(EventHistory history) =>
        new(history.Received.EventId, history.Received.EventType, history.Received.Source, history.Received.Priority);

    /// <summary>The event's priority; ingestion refused events without one (<see cref="EventValidation"/>).</summary>
    private static WorkPriority PriorityOf(BaseEvent e) =>
        WorkPriorities.FromContract(e.Priority) ?? throw new InvalidOperationException($"Event {e.EventId} reached routing without a priority.");

    private static IngestReply Reply(PublishResult[] results)
    {
        var reply = new IngestReply();
        reply.Results.AddRange(results);
        return reply;
    }

    private static PublishResult Refused(int index, string eventId, EventViolation violation) => new()
    {
        Index = index,
        EventId = eventId,
        ErrorCode = (int)StatusCode.InvalidArgument,
        ErrorField = violation.Field,
        ErrorMessage = $"{violation.Field}: {violation.Description}",
    };

    /// <summary>An event the journal refused, answered as <see cref="GrainException.From(JournalRejectedException, string)"/> says.</summary>
    private static PublishResult RefusedByJournal(int index, string eventId, JournalRejectedException refusal) =>
        GrainException.From(refusal, "payload") switch
        {
            { Code: StatusCode.InvalidArgument, Violations: [var violation] } => Refused(index, eventId, new EventViolation(violation.Field, violation.Description)),
            var other => Failed(index, eventId, other.Code, other.Message),
        };

    private static PublishResult Failed(int index, string eventId, StatusCode code, string message) =>
        new() { Index = index, EventId = eventId, ErrorCode = (int)code, ErrorMessage = message };

    private static string NewRequestId(string what) => $"{what}-{Guid.CreateVersion7():N}";

    [LoggerMessage(Level = LogLevel.Warning, Message = "The journal refused event {EventId} of tenant {Tenant} with SQL state {SqlState} ({Reason}); nothing of it was written")]
    private static partial void LogRejected(ILogger logger, string tenant, string eventId, string sqlState, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The journal is unavailable for event {EventId} of tenant {Tenant}")]
    private static partial void LogJournalUnavailable(ILogger logger, Exception exception, string tenant, string eventId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Router {Tenant}/p{Partition} routed {Routed} queued events; {Left} still unassigned")]
    private static partial void LogQueueRouted(ILogger logger, string tenant, int partition, int routed, int left);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Router {Tenant}/p{Partition} refused an event: its unassigned queue holds its share of {Capacity} events")]
    private static partial void LogQueueFull(ILogger logger, string tenant, int partition, int capacity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Router of {Tenant} could not report persona loads to the routing table")]
    private static partial void LogLoadReportFailed(ILogger logger, Exception exception, string tenant);
}
