namespace EDRS.Pulsar.Protocol;

/// <summary>
/// One decoded frame: the command and, for SEND and MESSAGE, the message metadata and payload.
/// <see cref="ChecksumValid"/> is false when the frame carried a CRC-32C that does not match its metadata and payload;
/// the command is still readable so the receiver can say which message was damaged.
/// </summary>
public sealed record PulsarFrame(BaseCommand Command, MessageMetadata? Metadata, ReadOnlyMemory<byte> Payload, bool HasChecksum, bool ChecksumValid)
{
    public BaseCommand.Types.Type Type => Command.Type;
}
