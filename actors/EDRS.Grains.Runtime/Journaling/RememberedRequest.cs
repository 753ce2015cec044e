namespace EDRS.Grains.Runtime;

/// <summary>A request id and its first answer, as kept in snapshots.</summary>
public sealed record RememberedRequest(string Id, byte[] Reply);
