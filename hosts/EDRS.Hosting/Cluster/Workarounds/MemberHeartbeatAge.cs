namespace EDRS.Hosting.Cluster.Workarounds;

/// <summary>Another member's id and how long ago this member last saw its heartbeat renewed.</summary>
internal readonly record struct MemberHeartbeatAge(string MemberId, TimeSpan Age);
