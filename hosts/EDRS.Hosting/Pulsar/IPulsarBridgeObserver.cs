using EDRS.Grains.Contracts.Events;
using EDRS.Pulsar;

namespace EDRS.Hosting.Pulsar;

/// <summary>
/// Told about each consumed message after its event was committed and before it is acknowledged. Production registers
/// none; the tests use it to stop the bridge exactly in that gap and show that the redelivered message has no second effect.
/// </summary>
public interface IPulsarBridgeObserver
{
    Task CommittedAsync(PulsarMessage message, PublishResult result, CancellationToken cancellationToken);
}
