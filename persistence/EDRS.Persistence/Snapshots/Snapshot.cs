namespace EDRS.Persistence.Snapshots;

/// <summary>
/// A grain's state as of <paramref name="Version"/> of its stream: as JSON, plus an optional binary
/// <paramref name="Attachment"/> for what JSON would bloat (e.g. a vector index), kept in the same row so both are
/// always of the same version.
/// </summary>
public sealed record Snapshot(string StreamKey, long Version, string Json, byte[]? Attachment = null);
