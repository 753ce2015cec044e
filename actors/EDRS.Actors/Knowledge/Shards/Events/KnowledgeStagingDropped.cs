namespace EDRS.Actors.Knowledge.Shards.Events;

/// <summary>
/// A staged version was given up: never committed in time, superseded by a newer version, or identical to the current
/// one. Stored as <c>knowledge_staging_dropped</c>.
/// </summary>
public sealed record KnowledgeStagingDropped(string DocumentId, long Version, string Reason, DateTimeOffset DroppedAt) : KnowledgeShardEvent;
