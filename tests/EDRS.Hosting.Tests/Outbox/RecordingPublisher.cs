using System.Collections.Concurrent;
using EDRS.Persistence.Outbox;

namespace EDRS.Hosting.Tests.Outbox;

/// <summary>
/// A test double of the outbox's broker port: records what it is given and fails the first <see cref="FailuresLeft"/> calls.
/// </summary>
public sealed class RecordingPublisher : IOutboxPublisher
{
    public ConcurrentQueue<OutboxMessage> Published { get; } = new();

    public int FailuresLeft { get; set; }

    public int Calls { get; private set; }

    public Task PublishAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        Calls++;
        if (FailuresLeft > 0)
        {
            FailuresLeft--;
            throw new IOException("the broker double refuses this send");
        }
        Published.Enqueue(message);
        return Task.CompletedTask;
    }
}
