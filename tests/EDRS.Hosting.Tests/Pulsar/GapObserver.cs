using EDRS.Grains.Contracts.Events;
using EDRS.Hosting.Pulsar;
using EDRS.Pulsar;

namespace EDRS.Hosting.Tests.Pulsar;

/// <summary>
/// Holds the bridge in the gap between an event's journal commit and the message's acknowledgement when asked to:
/// <see cref="HoldEventId"/> names the event whose message is held until the bridge stops.
/// </summary>
public sealed class GapObserver : IPulsarBridgeObserver
{
    private TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string? HoldEventId { get; set; }

    /// <summary>Completes when the held event was committed and its message is waiting to be acknowledged.</summary>
    public Task Held => _held.Task;

    public async Task CommittedAsync(PulsarMessage message, PublishResult result, CancellationToken cancellationToken)
    {
        if (result.EventId != HoldEventId)
            return;
        HoldEventId = null;
        _held.TrySetResult();
        // Until the bridge is stopped: then the message is never acknowledged.
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }

    public void Reset() => _held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
}
