using EDRS.Actors.Inbound.Ingestion;
using EDRS.Actors.Inbound.Routing;
using EDRS.Actors.Workflows.Definitions;
using EDRS.Grains.Contracts.Events;
using EDRS.Grains.Contracts.Work;
using EDRS.Grains.Runtime;
using EDRS.Persistence.Workflows;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace EDRS.Actors.Workflows.Triggers;

/// <summary>
/// Delivers an inbound event that carries a <c>correlationId</c> in its metadata to the running workflows whose signal
/// steps wait for it (<see cref="StepEventMatch"/>): each gets the step's signal with the event as payload, before the event
/// is routed. The signal's request id is the event's, so a redelivered event signals once. A run that has ended refuses
/// the signal; its wait is dropped then.
/// </summary>
public sealed partial class WorkflowEventSignals(GrainClients clients, WorkflowEventWaitStore waits, ILogger<WorkflowEventSignals> logger) : IInboundEventReaction
{
    /// <summary>Runs one event may signal; more waiting on one correlation id is a misuse of correlation ids.</summary>
    public const int MaxRunsPerEvent = 100;

    /// <summary>Whether an event signals anything depends on its metadata, not its type.</summary>
    public bool Handles(string eventType) => true;

    public async Task ReactAsync(string tenant, BaseEvent e, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (!e.Metadata.TryGetValue(StepEventMatch.MetadataKey, out var correlationId) || correlationId.Length is 0 or > EventWaits.MaxCorrelationLength)
            return;
        var found = await waits.FindAsync(tenant, correlationId, MaxRunsPerEvent, cancellationToken).ConfigureAwait(false);
        var matching = found.Where(w => EventTypePatterns.Matches(w.EventType, e.EventType)).ToList();
        if (matching.Count == 0)
            return;
        var payload = WorkflowTriggers.InputOf(e);
        if (System.Text.Encoding.UTF8.GetByteCount(payload) > WorkflowLimits.MaxInputBytes)
        {
            LogTooLarge(logger, e.EventId, WorkflowLimits.MaxInputBytes);
            return;
        }
        foreach (var wait in matching)
        {
            try
            {
                await clients.Workflow(tenant, wait.WorkflowId).SignalAsync(new WorkflowSignalRequest
                {
                    RequestId = $"event:{e.EventId}:{wait.StepId}",
                    WorkflowId = wait.WorkflowId,
                    Name = wait.Signal,
                    Payload = payload,
                }, cancellationToken: cancellationToken).ResponseAsync.ConfigureAwait(false);
            }
            catch (RpcException ex) when (ex.StatusCode is StatusCode.NotFound or StatusCode.FailedPrecondition or StatusCode.Aborted)
            {
                // The run has ended (or never started): nothing waits any more.
                await waits.RemoveAsync(tenant, wait.WorkflowId, [wait.CorrelationId], cancellationToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event {EventId} matches waiting workflows but is larger than a signal may be ({Limit} bytes); it is routed, not signalled")]
    private static partial void LogTooLarge(ILogger logger, string eventId, int limit);
}
