namespace EDRS.Actors.Knowledge.Shards.Commands;

/// <summary>Remove <paramref name="DocumentId"/> and its chunks.</summary>
public sealed record RemoveDocument(string DocumentId) : KnowledgeShardCommand;
