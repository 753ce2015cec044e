namespace EDRS.Pulsar.Producers;

/// <summary>A message sent (or waiting to be sent) and not yet confirmed by a SEND_RECEIPT; its frame is kept for resending.</summary>
internal sealed class PendingSend(long sequenceId, byte[] frame)
{
    public long SequenceId { get; } = sequenceId;

    public byte[] Frame { get; } = frame;

    public TaskCompletionSource<MessageId> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
