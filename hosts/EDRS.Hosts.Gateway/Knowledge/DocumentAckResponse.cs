namespace EDRS.Hosts.Gateway.Knowledge;

/// <summary>What ingesting a document did.</summary>
/// <param name="DocumentId">The document's id.</param>
/// <param name="Version">Its current version (1 for a new document; each changed content adds one).</param>
/// <param name="Chunks">How many chunks its current version has.</param>
/// <param name="Unchanged">True when the same content was already ingested: nothing changed.</param>
/// <param name="Title">The title it is cited by.</param>
public sealed record DocumentAckResponse(string DocumentId, long Version, int Chunks, bool Unchanged, string Title);
