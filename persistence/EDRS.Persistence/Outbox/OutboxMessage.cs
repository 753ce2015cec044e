namespace EDRS.Persistence.Outbox;

/// <summary>
/// One domain event on its way out. (<paramref name="Partition"/>, <paramref name="Sequence"/>) is unique and the
/// sequence only grows within a partition in commit order, so a publisher that names its producer after the
/// partition and sends the sequence as its sequence id lets the broker drop re-sends (effectively once).
/// </summary>
/// <param name="Partition">The outbox partition (the group-commit writer that wrote it).</param>
/// <param name="Sequence">Increasing within the partition, in commit order (gaps possible).</param>
/// <param name="Topic"><c>domain.action</c>.</param>
/// <param name="Key">The stream the event belongs to: the ordering key (events of one stream keep their order).</param>
/// <param name="Payload">JSON: <c>{eventId, type, stream, version, timestamp, data}</c>.</param>
public sealed record OutboxMessage(int Partition, long Sequence, string Topic, string Key, string Payload);
