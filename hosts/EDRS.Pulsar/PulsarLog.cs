using Microsoft.Extensions.Logging;

namespace EDRS.Pulsar;

/// <summary>The client's log messages. Tokens and payloads are never logged.</summary>
internal static partial class PulsarLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to Pulsar at {Physical} (broker {Logical})")]
    public static partial void Connected(ILogger logger, string physical, string logical);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pulsar connection to {Physical} closed: {Reason}")]
    public static partial void ConnectionClosed(ILogger logger, string physical, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Broker {Physical} closed {Kind} {Id}; it will be re-created")]
    public static partial void ClosedByBroker(ILogger logger, string kind, ulong id, string physical);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ignored {Command} from {Physical}")]
    public static partial void IgnoredCommand(ILogger logger, string command, string physical);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Lookup of {Topic} redirected to {Broker} (authoritative {Authoritative})")]
    public static partial void LookupRedirected(ILogger logger, string topic, string broker, bool authoritative);

    [LoggerMessage(Level = LogLevel.Information, Message = "Producer {ProducerName} ready on {Topic} at {Broker}; broker's last sequence id {LastSequenceId}, resending {Resent} pending")]
    public static partial void ProducerReady(ILogger logger, string producerName, string topic, string broker, long lastSequenceId, int resent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Producer {ProducerName} on {Topic} got SEND_ERROR {Error} for sequence id {SequenceId}: {Message}; reconnecting to resend")]
    public static partial void SendError(ILogger logger, string producerName, string topic, string error, ulong sequenceId, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Producer {ProducerName} on {Topic} got a receipt for sequence id {SequenceId} while {Expected} was expected; reconnecting to resend")]
    public static partial void ReceiptOutOfOrder(ILogger logger, string producerName, string topic, ulong sequenceId, long expected);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Kind} on {Topic} could not (re)connect, next attempt in {DelayMs} ms")]
    public static partial void ReconnectFailed(ILogger logger, Exception exception, string kind, string topic, double delayMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Consumer {ConsumerName} subscribed to {Topic} as {Subscription} ({Type}) at {Broker}")]
    public static partial void Subscribed(ILogger logger, string consumerName, string topic, string subscription, string type, string broker);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consumer on {Topic} discarded message {MessageId}: {Reason}; asked the broker to redeliver it")]
    public static partial void MessageDiscarded(ILogger logger, string topic, string messageId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Consumer on {Topic} cannot read message {MessageId} compressed with {Compression} (only NONE is supported); it stays unacknowledged")]
    public static partial void UnsupportedCompression(ILogger logger, string topic, string messageId, string compression);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Consumer on {Topic} could not acknowledge {MessageId} while disconnected; the broker will redeliver it")]
    public static partial void AckWhileDisconnected(ILogger logger, string topic, string messageId);
}
