using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Proto;
using Proto.Cluster;

namespace EDRS.Hosting.Health;

/// <summary>
/// This member has joined the cluster and the cluster's member list (as this member sees it) contains it; a relay client
/// (in nobody's member list) has joined once it knows at least one member.
/// </summary>
internal sealed class ClusterHealthCheck(IServiceProvider services, IOptions<HealthOptions> options, TimeProvider time)
    : CachedHealthCheck(options, time)
{
    protected override Task<HealthCheckResult> CheckAsync(CancellationToken cancellationToken)
    {
        // Resolved here, not injected: a host without a cluster has nothing to check.
        if (services.GetService<ActorSystem>() is not { } system)
            return Task.FromResult(HealthCheckResult.Healthy("This host is not a cluster member."));
        var cluster = system.Cluster();
        var members = cluster.MemberList.GetAllMembers().Length;
        var data = new Dictionary<string, object> { ["memberId"] = system.Id, ["members"] = members };
        var result = system.Shutdown.IsCancellationRequested ? HealthCheckResult.Unhealthy("The actor system has shut down.", data: data)
            : !cluster.JoinedCluster.IsCompletedSuccessfully ? HealthCheckResult.Unhealthy("Not joined to the cluster yet.", data: data)
            : cluster.MemberList.IsClient ? members > 0
                ? HealthCheckResult.Healthy($"Joined as a client; {members} member(s).", data)
                : HealthCheckResult.Unhealthy("Joined as a client, but no member is known.", data: data)
            : !cluster.MemberList.ContainsMemberId(system.Id) ? HealthCheckResult.Unhealthy("This member is not in the cluster's member list.", data: data)
            : HealthCheckResult.Healthy($"Joined; {members} member(s).", data);
        return Task.FromResult(result);
    }
}
