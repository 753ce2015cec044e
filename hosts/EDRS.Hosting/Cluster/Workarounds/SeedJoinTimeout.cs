using Proto;
using Proto.Cluster;

namespace EDRS.Hosting.Cluster.Workarounds;

/// <summary>
/// Proto.Cluster 1.8's seed provider logs one "Failed to connect to seed node" and then runs the process as a cluster of
/// its own (seen in the fault harness under CPU load). A joining member that sees no other member within
/// <see cref="EdrsClusterOptions.SeedJoinTimeout"/> must not start: it fails, and its supervisor restarts it until it joins.
/// </summary>
internal static class SeedJoinTimeout
{
    /// <summary>Waits until another member is in the member list; false when the timeout passed first.</summary>
    public static async Task<bool> AwaitOtherMemberAsync(ActorSystem system, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (system.Cluster().MemberList.GetAllMembers().Length < 2)
        {
            if (DateTime.UtcNow >= deadline)
                return false;
            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
        return true;
    }
}
