using EDRS.Hosting.Cluster.Relay;
using EDRS.Hosting.Cluster.Workarounds;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Proto;
using Proto.Cluster;
using Proto.Remote;

namespace EDRS.Hosting.Cluster;

/// <summary>
/// Joins the cluster when the host starts and leaves it gracefully when the host stops; a member then answers relay
/// clients (<see cref="TopologyRelayActor"/>), and a relay client starts as a client of the cluster instead of a member. A member the
/// others have blocked (e.g. after a long pause) shuts its actor system down by itself; the process then
/// stops too, so its supervisor restarts it as a fresh member instead of leaving a zombie. A member that, while joining,
/// blocks a live member through Proto.Cluster's member-list race ends its process at once (see JoinPhaseBlockGuard).
/// </summary>
internal sealed partial class ClusterMemberService(
    ActorSystem system, IHostApplicationLifetime lifetime, IOptions<EdrsClusterOptions> options, ILoggerFactory loggers,
    TimeProvider time, MemberTermination termination)
    : IHostedService
{
    private readonly ILogger _logger = loggers.CreateLogger("EDRS.Cluster");
    private readonly JoinPhaseBlockGuard _joinGuard = new(options.Value.HeartbeatExpiration, time);
    private volatile bool _stopping;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Provider == ClusterProviderKind.Relay)
        {
            await system.Cluster().StartClientAsync().ConfigureAwait(false);
            LogJoinedAsClient(_logger, system.Cluster().MemberList.GetAllMembers().Length, system.Id);
            StopWithActorSystem();
            return;
        }

        // Proto.Cluster logs a block only when the blocked member is in its member list at that moment; a block taken
        // while joining (from a peer's block list, from gossip) is silent, yet it spreads to every member. Each one is
        // logged here with Proto's reason, so an operator can tell why a healthy member was shut out.
        // Synchronous: it runs inside Proto's Block call, before this member sends its block list anywhere.
        system.EventStream.Subscribe<MemberBlocked>(OnMemberBlocked);
        await system.Cluster().StartMemberAsync().ConfigureAwait(false);
        if (options.Value is { Provider: ClusterProviderKind.Seed, IsSeed: false } seed)
            await AwaitSeedJoinAsync(seed, cancellationToken).ConfigureAwait(false);
        _joinGuard.Joined();
        TopologyRelayActor.Spawn(system.Cluster());
        LogJoined(_logger, system.Address, system.Id);
        StopWithActorSystem();
    }

    private void StopWithActorSystem() =>
        system.Shutdown.Register(() =>
        {
            if (_stopping)
                return;
            LogLeftUnexpectedly(_logger, system.Address);
            lifetime.StopApplication();
        });

    private void OnMemberBlocked(MemberBlocked blocked)
    {
        LogBlocked(_logger, blocked.MemberId, blocked.Reason, system.Id);
        if (_stopping || !_joinGuard.IsRaceBlock(blocked.Reason, AddressReused(blocked.MemberId)))
            return;
        // See JoinPhaseBlockGuard: this block is wrong and would shut a healthy member down once it spreads.
        LogRaceBlock(_logger, blocked.MemberId, system.Address);
        _stopping = true;
        termination.Terminate(
            $"EDRS member {system.Address} blocked member {blocked.MemberId} ('{blocked.Reason}') while joining: Proto.Cluster's member " +
            "list raced its own update, and the wrong block would spread to every member. Stopping at once; a fresh start joins cleanly.");
    }

    /// <summary>Whether another member (this one included) has the blocked member's address: then Proto dropped a duplicate.</summary>
    private bool AddressReused(string memberId)
    {
        // Called inside Proto's topology update, before it replaces its member set: the blocked member is still in it.
        var members = system.Cluster().MemberList;
        if (!members.TryGetMember(memberId, out var gone) || gone is null)
            return false;
        return gone.Address == system.Address || members.GetAllMembers().Any(m => m.Id != gone.Id && m.Address == gone.Address);
    }

    /// <summary>A joining member of a seed cluster that sees nobody else stops (see <see cref="SeedJoinTimeout"/>).</summary>
    private async Task AwaitSeedJoinAsync(EdrsClusterOptions seed, CancellationToken cancellationToken)
    {
        if (await SeedJoinTimeout.AwaitOtherMemberAsync(system, seed.SeedJoinTimeout, cancellationToken).ConfigureAwait(false))
            return;
        LogSeedUnreachable(_logger, system.Address, seed.SeedAddress, seed.SeedJoinTimeout.TotalSeconds);
        _stopping = true;
        await system.Cluster().ShutdownAsync(graceful: false, reason: "could not join the seed").ConfigureAwait(false);
        throw new InvalidOperationException(
            $"This member did not join the cluster of seed {seed.SeedAddress} within {seed.SeedJoinTimeout.TotalSeconds:0} s " +
            "(see Cluster__SeedAddress and Cluster__SeedJoinTimeout); it stops rather than run as a cluster of its own.");
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        return system.Cluster().ShutdownAsync(graceful: true, reason: "host stopping");
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "The member at {Address} saw no other member within {Seconds} s of joining seed {Seed}; stopping")]
    private static partial void LogSeedUnreachable(ILogger logger, string address, string? seed, double seconds);

    [LoggerMessage(Level = LogLevel.Critical,
        Message = "This member blocked {MemberId} for leaving the topology while joining: a race in Proto.Cluster's member list, not a departure. Its block list is now wrong and would spread; the member at {Address} stops at once")]
    private static partial void LogRaceBlock(ILogger logger, string memberId, string address);

    [LoggerMessage(Level = LogLevel.Information, Message = "Blocked member {MemberId}: {Reason} (this member is {SelfId})")]
    private static partial void LogBlocked(ILogger logger, string memberId, string reason, string selfId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Joined the cluster as a client ({Count} members, fed by the relay) with id {ClientId}")]
    private static partial void LogJoinedAsClient(ILogger logger, int count, string clientId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Joined the cluster at {Address} as member {MemberId}")]
    private static partial void LogJoined(ILogger logger, string address, string memberId);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The actor system at {Address} shut down while the host was running; stopping the host")]
    private static partial void LogLeftUnexpectedly(ILogger logger, string address);
}
