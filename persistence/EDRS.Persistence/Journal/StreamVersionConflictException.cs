namespace EDRS.Persistence.Journal;

/// <summary>
/// The stream was not at the expected version: another activation of the same grain wrote to it.
/// Nothing of the failed append was committed.
/// </summary>
public sealed class StreamVersionConflictException(string streamKey, long expectedVersion)
    : Exception($"Stream '{streamKey}' is no longer at version {expectedVersion}: another writer appended to it.")
{
    public string StreamKey { get; } = streamKey;

    public long ExpectedVersion { get; } = expectedVersion;
}
