namespace EDRS.Pulsar;

/// <summary>One producer: the topic it writes and the name the broker deduplicates by.</summary>
public sealed class PulsarProducerOptions
{
    /// <summary><c>persistent://tenant/namespace/topic</c>, or a short name for <c>persistent://public/default/name</c>. Required.</summary>
    public string Topic { get; set; } = "";

    /// <summary>
    /// The producer's name. Give a stable one when messages must not be duplicated across restarts: the broker keeps the
    /// last persisted sequence id per producer name and drops repeats. Null: the broker assigns a unique name.
    /// </summary>
    public string? ProducerName { get; set; }

    /// <summary>Messages sent but not yet confirmed; <see cref="PulsarProducer.SendAsync"/> waits for room beyond this. Default 1000.</summary>
    public int MaxPendingMessages { get; set; } = 1000;
}
