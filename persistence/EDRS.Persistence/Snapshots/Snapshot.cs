namespace EDRS.Persistence.Snapshots;

/// <summary>A grain's state as of <paramref name="Version"/> of its stream, as JSON.</summary>
public sealed record Snapshot(string StreamKey, long Version, string Json);
