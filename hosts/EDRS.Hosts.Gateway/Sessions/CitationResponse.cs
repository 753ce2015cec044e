namespace EDRS.Hosts.Gateway.Sessions;

/// <summary>A knowledge chunk a reply drew on; the reply marks it <c>[n]</c>, n its place in the list (from 1).</summary>
/// <param name="DocumentId">The document.</param>
/// <param name="Title">The document's title.</param>
/// <param name="ChunkId">The chunk, <c>{documentId}:{version}:{index}</c>.</param>
/// <param name="Page">The PDF page the chunk starts on; absent for documents without pages.</param>
/// <param name="CollectionId">The knowledge collection holding the document.</param>
public sealed record CitationResponse(string DocumentId, string Title, string ChunkId, int? Page, string CollectionId);
