using System.Collections.Concurrent;
using System.Threading.Channels;
using EDRS.Grains.Contracts.Events;
using EDRS.Grains.Runtime;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EDRS.Actors.Inbound.Ingestion;

/// <summary>
/// The one way an edge (REST, gRPC, the Pulsar bridge) hands events to the routers. Events of one tenant and
/// router partition share a lane: while the partition works on one batch, the next events wait and go together
/// in the next call — group commit at the edge, so many concurrent single events cost few grain calls and few
/// journal statements. Each caller gets its own event's result. A lane holds at most <see cref="EventLimits.LaneCapacity"/>
/// waiting events: beyond that an edge waits for room (back-pressure to its client), so a flood cannot fill memory.
/// Before a lane sends its events to the router, the features that react to their types (<see cref="IInboundEventReaction"/>)
/// record what each asks of them, in order, so an acknowledged event's consequences are never lost.
/// </summary>
public sealed partial class EventIngestor(
    GrainClients clients, IOptions<EventsOptions> options, TimeProvider time, IEnumerable<IInboundEventReaction> reactions, ILogger<EventIngestor> logger)
    : IAsyncDisposable
{
    private readonly GrainClients _clients = clients;
    private readonly IInboundEventReaction[] _reactions = [.. reactions];
    private readonly ConcurrentDictionary<(string Tenant, int Partition), Lane> _lanes = new();
    private readonly EventsOptions _options = options.Value;

    /// <summary>
    /// Validates, journals and routes one event of <paramref name="tenant"/>. An event without an id gets a new UUIDv7 and
    /// one without <c>occurredAt</c> the time it arrived (both in the result's receipt).
    /// </summary>
    public Task<PublishResult> IngestAsync(string tenant, BaseEvent e, CancellationToken cancellationToken = default)
    {
        if (!GrainIds.IsTenant(tenant))
            throw new ArgumentException($"'{tenant}' is not a valid tenant.", nameof(tenant));
        if (EventValidation.Normalize(e, time.GetUtcNow()) is { } violation)
        {
            return Task.FromResult(new PublishResult
            {
                EventId = e.EventId,
                ErrorCode = (int)StatusCode.InvalidArgument,
                ErrorField = violation.Field,
                ErrorMessage = $"{violation.Field}: {violation.Description}",
            });
        }
        var partition = EventPartitions.Of(e.EventId, _options.RouterPartitions);
        var lane = _lanes.GetOrAdd((tenant, partition), key => new Lane(this, key.Tenant, key.Partition));
        return lane.EnqueueAsync(e, cancellationToken);
    }

    // Reactions first, in the lane (so in the order the events came): an event acknowledged by its router always has its
    // consequences recorded. A reaction that fails leaves the event unrouted and its caller told to retry; reactions are
    // idempotent per event, so the retry is safe. Null when every reaction recorded what the event asks.
    private async Task<PublishResult?> ReactAsync(string tenant, BaseEvent e)
    {
        foreach (var reaction in _reactions)
        {
            if (!reaction.Handles(e.EventType))
                continue;
            try
            {
                await reaction.ReactAsync(tenant, e, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                LogReactionFailed(logger, ex, reaction.GetType().Name, e.EventId, tenant);
                return new PublishResult
                {
                    EventId = e.EventId,
                    ErrorCode = (int)StatusCode.Unavailable,
                    ErrorMessage = "The event was not accepted: what it asks of the knowledge base or workflows could not be recorded; retry it.",
                };
            }
        }
        return null;
    }

    /// <summary>Ingests many events; result i belongs to event i (its <c>Index</c> is set to i).</summary>
    public async Task<PublishResult[]> IngestManyAsync(string tenant, IReadOnlyList<BaseEvent> events, CancellationToken cancellationToken = default)
    {
        var tasks = new Task<PublishResult>[events.Count];
        for (var i = 0; i < events.Count; i++)
            tasks[i] = IngestAsync(tenant, events[i], cancellationToken);
        var results = await Task.WhenAll(tasks).ConfigureAwait(false);
        for (var i = 0; i < results.Length; i++)
            results[i].Index = i;
        return results;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var lane in _lanes.Values)
            await lane.DisposeAsync().ConfigureAwait(false);
    }

    private sealed class Lane : IAsyncDisposable
    {
        private readonly EventIngestor _owner;
        private readonly string _tenant;
        private readonly int _partition;
        private readonly Channel<(BaseEvent Event, TaskCompletionSource<PublishResult> Result)> _queue =
            Channel.CreateBounded<(BaseEvent, TaskCompletionSource<PublishResult>)>(
                new BoundedChannelOptions(EventLimits.LaneCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        private readonly Task _loop;

        public Lane(EventIngestor owner, string tenant, int partition)
        {
            _owner = owner;
            _tenant = tenant;
            _partition = partition;
            // Not the first caller's trace and log scope: the lane outlives it.
            using (ExecutionContext.SuppressFlow())
                _loop = Task.Run(RunAsync);
        }

        public async Task<PublishResult> EnqueueAsync(BaseEvent e, CancellationToken cancellationToken)
        {
            var result = new TaskCompletionSource<PublishResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            // A full lane: wait for room (the lane is busy with earlier events of the partition).
            if (!_queue.Writer.TryWrite((e, result)))
            {
                try
                {
                    await _queue.Writer.WriteAsync((e, result), cancellationToken).ConfigureAwait(false);
                }
                catch (ChannelClosedException)
                {
                    throw new RpcException(new Status(StatusCode.Unavailable, "Event ingestion is shutting down."));
                }
            }
            return await (cancellationToken.CanBeCanceled ? result.Task.WaitAsync(cancellationToken) : result.Task).ConfigureAwait(false);
        }

        private async Task RunAsync()
        {
            var reader = _queue.Reader;
            var batch = new List<(BaseEvent Event, TaskCompletionSource<PublishResult> Result)>(_owner._options.MaxBatch);
            (BaseEvent Event, TaskCompletionSource<PublishResult> Result)? carried = null;
            while (carried is not null || await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                batch.Clear();
                var bytes = 0L;
                if (carried is { } first)
                {
                    batch.Add(first);
                    bytes = first.Event.Payload.Length;
                    carried = null;
                }
                while (batch.Count < _owner._options.MaxBatch && reader.TryRead(out var next))
                {
                    // Large payloads: the call must stay a reasonable Proto.Remote message; the rest goes next time.
                    if (batch.Count > 0 && bytes + next.Event.Payload.Length > EventLimits.MaxBatchPayloadBytes)
                    {
                        carried = next;
                        break;
                    }
                    batch.Add(next);
                    bytes += next.Event.Payload.Length;
                }
                await SendAsync(batch).ConfigureAwait(false);
            }
        }

        private async Task SendAsync(List<(BaseEvent Event, TaskCompletionSource<PublishResult> Result)> batch)
        {
            if (_owner._reactions.Length > 0)
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    if (await _owner.ReactAsync(_tenant, batch[i].Event).ConfigureAwait(false) is { } refused)
                    {
                        batch[i].Result.TrySetResult(refused);
                        batch.RemoveAt(i--);
                    }
                }
                if (batch.Count == 0)
                    return;
            }
            var request = new IngestRequest();
            foreach (var (e, _) in batch)
                request.Events.Add(e);
            try
            {
                var reply = await _owner._clients.EventRouter(_tenant, _partition).IngestAsync(request).ResponseAsync.ConfigureAwait(false);
                for (var i = 0; i < batch.Count; i++)
                    batch[i].Result.TrySetResult(reply.Results[i]);
            }
            catch (Exception ex)
            {
                // Outcome unknown (e.g. a timeout): each caller retries its event; dedup makes that safe.
                var status = ex is RpcException rpc ? rpc.Status : new Status(StatusCode.Unavailable, "The event router could not be reached.");
                foreach (var (e, result) in batch)
                {
                    result.TrySetResult(new PublishResult
                    {
                        EventId = e.EventId,
                        ErrorCode = (int)(status.StatusCode == StatusCode.OK ? StatusCode.Unavailable : status.StatusCode),
                        ErrorMessage = $"The event may not have been accepted; retry it: {status.Detail}",
                    });
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            _queue.Writer.TryComplete();
            await _loop.ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Reaction} reaction to event {EventId} of tenant {Tenant} failed; the event is refused as retryable")]
    private static partial void LogReactionFailed(ILogger logger, Exception exception, string reaction, string eventId, string tenant);
}
