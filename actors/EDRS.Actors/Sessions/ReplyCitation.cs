namespace EDRS.Actors.Sessions;

/// <summary>A knowledge chunk a reply drew on: which collection, document (and its title at the time), chunk and PDF page.</summary>
public sealed record ReplyCitation(string CollectionId, string DocumentId, string Title, string ChunkId, int? Page);
