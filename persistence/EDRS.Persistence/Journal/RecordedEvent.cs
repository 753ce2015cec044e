namespace EDRS.Persistence.Journal;

/// <summary>An event as the journal holds it.</summary>
/// <param name="StreamKey">The stream it belongs to.</param>
/// <param name="Version">Its position in the stream, from 1 without gaps.</param>
/// <param name="Data">The deserialized domain event.</param>
/// <param name="RequestId">The request id of the command that caused it, if any.</param>
/// <param name="Reply">The reply to that command, on the command's last event only.</param>
/// <param name="Fingerprint">What that command asked for, beside the reply (null for events written before it was kept).</param>
public sealed record RecordedEvent(string StreamKey, long Version, object Data, string? RequestId, byte[]? Reply, string? Fingerprint = null);
