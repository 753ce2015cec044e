namespace EDRS.Grains.Runtime;

/// <summary>A request id, its first answer and what it asked for (its <see cref="RequestFingerprint"/>), as kept in snapshots.</summary>
/// <param name="Id">The request id.</param>
/// <param name="Reply">The first answer (a packed <c>google.protobuf.Any</c>).</param>
/// <param name="Fingerprint">What the request asked for; null in snapshots written before fingerprints were kept (they still load).</param>
public sealed record RememberedRequest(string Id, byte[] Reply, string? Fingerprint = null);
