namespace EDRS.Hosting.Cluster.Workarounds;

/// <summary>
/// Tells a poisoned block list from a real one while this member joins. Proto.Cluster 1.8's <c>MemberList</c> answers every
/// block with <c>UpdateClusterTopology(_activeMembers.Members)</c>, the member snapshot read before it takes its lock, on
/// the thread pool. A joining member learns every member blocked in the last hour at once (each peer's connect request
/// carries its block list, and so does the gossiped topology), so dozens of those calls race the seed provider's own update
/// that adds the members it has just learned of. One that read its snapshot before that update and runs after it computes
/// those members as "left", and Proto blocks them for "Member left cluster" — healthy members, the seed among them. The
/// block then spreads with this member's connections and gossip, and each healthy member it reaches is shut down. The fault
/// harness hit this after 25–85 kills (the more members died in the last hour, the longer the race window).
/// <para>
/// Under the seed provider a member leaves the topology only after it was blocked for another reason, so Proto's later
/// "Member left cluster" block adds nothing and publishes nothing; a fresh block with that reason while this member joins
/// is the race — unless the member's address is in use by another member (a restart on a fixed port: Proto drops the
/// older incarnation as a duplicate, a real departure). A member that sees the race has a view that is wrong and that it
/// cannot undo (Proto keeps no unblock), so it must stop before it tells anyone: see <see cref="ClusterMemberService"/>.
/// </para>
/// <para>
/// The race is in Proto's member list, so the guard is on for every provider. With the Kubernetes provider a pod that
/// vanishes from the API in those few seconds also gives this reason; the joining member then restarts once needlessly,
/// the cheaper of the two mistakes (the other shuts a healthy member down).
/// </para>
/// </summary>
internal sealed class JoinPhaseBlockGuard(TimeSpan settle, TimeProvider time)
{
    /// <summary>The reason Proto.Cluster 1.8 gives a block taken because a member dropped out of the topology.</summary>
    internal const string MemberLeftReason = "Member left cluster";

    private long _joinedAt;

    /// <summary>The join completed now; the guard stays on for <c>settle</c> more, while gossip brings the rest of the block lists.</summary>
    public void Joined() => Interlocked.Exchange(ref _joinedAt, time.GetTimestamp());

    /// <summary>True when a block with <paramref name="reason"/>, taken now, comes from the race rather than from a member that died.</summary>
    /// <param name="reason">Proto's reason for the block.</param>
    /// <param name="addressReused">The blocked member's address belongs to another member too (a restart on the same port).</param>
    public bool IsRaceBlock(string reason, bool addressReused)
    {
        if (addressReused || !string.Equals(reason, MemberLeftReason, StringComparison.Ordinal))
            return false;
        var joinedAt = Interlocked.Read(ref _joinedAt);
        return joinedAt == 0 || time.GetElapsedTime(joinedAt) < settle;
    }
}
