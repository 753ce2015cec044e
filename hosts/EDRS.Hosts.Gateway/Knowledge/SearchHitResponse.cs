namespace EDRS.Hosts.Gateway.Knowledge;

/// <summary>One chunk that answers a search, with what to cite it by.</summary>
/// <param name="DocumentId">The document it comes from.</param>
/// <param name="Title">The document's title.</param>
/// <param name="ChunkId">The chunk's id, `{documentId}:{version}:{index}`.</param>
/// <param name="Text">The chunk's text.</param>
/// <param name="Score">How well it matches, 0 to 1: a blend of meaning (cosine similarity) and wording (BM25).</param>
/// <param name="Page">The PDF page the chunk starts on; absent for other types.</param>
/// <param name="Start">Offset of the chunk's first character in the document's canonical text (UTF-16 code units).</param>
/// <param name="End">Offset just past its last character.</param>
/// <param name="Version">The document version the chunk belongs to.</param>
public sealed record SearchHitResponse(string DocumentId, string Title, string ChunkId, string Text, float Score, int? Page, int Start, int End, long Version);
