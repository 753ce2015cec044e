namespace EDRS.Actors.Knowledge.Ingestion;

/// <summary>What ingesting a document did: the version now current, its chunks, and whether the content was already there.</summary>
public sealed record IngestResult(string DocumentId, long Version, int Chunks, bool Unchanged, string Title);
