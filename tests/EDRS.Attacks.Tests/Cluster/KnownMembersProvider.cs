using Proto.Cluster;

namespace EDRS.Attacks.Tests.Cluster;

/// <summary>
/// A cluster provider that is simply told the members: what an outsider who learnt the members' addresses (a port scan,
/// a leaked pod list) runs to address their grains without being a member. It never joins as a member.
/// </summary>
internal sealed class KnownMembersProvider(IReadOnlyCollection<Member> members) : IClusterProvider
{
    public Task StartMemberAsync(Proto.Cluster.Cluster cluster) =>
        throw new InvalidOperationException("An outsider does not join the cluster; it only calls into it.");

    public Task StartClientAsync(Proto.Cluster.Cluster cluster)
    {
        cluster.MemberList.UpdateClusterTopology(members);
        return Task.CompletedTask;
    }

    public Task ShutdownAsync(bool graceful) => Task.CompletedTask;
}
