using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Proto;
using Proto.Cluster;

namespace EDRS.Hosting.Cluster;

/// <summary>
/// Joins the cluster when the host starts and leaves it gracefully when the host stops. A member the
/// others have blocked (e.g. after a long pause) shuts its actor system down by itself; the process then
/// stops too, so its supervisor restarts it as a fresh member instead of leaving a zombie.
/// </summary>
internal sealed partial class ClusterMemberService(
    ActorSystem system, IHostApplicationLifetime lifetime, IOptions<EdrsClusterOptions> options, ILoggerFactory loggers)
    : IHostedService
{
    private readonly ILogger _logger = loggers.CreateLogger("EDRS.Cluster");
    private volatile bool _stopping;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await system.Cluster().StartMemberAsync().ConfigureAwait(false);
        if (options.Value is { Provider: ClusterProviderKind.Seed, IsSeed: false } seed)
            await AwaitSeedJoinAsync(seed, cancellationToken).ConfigureAwait(false);
        LogJoined(_logger, system.Address, system.Id);
        system.Shutdown.Register(() =>
        {
            if (_stopping)
                return;
            LogLeftUnexpectedly(_logger, system.Address);
            lifetime.StopApplication();
        });
    }

    /// <summary>
    /// Proto.Cluster 1.8's seed provider logs one "Failed to connect to seed node" and then runs this process as a cluster
    /// of its own (seen in the fault harness under CPU load). Such a member must not start: it fails, and its supervisor
    /// restarts it until it joins.
    /// </summary>
    private async Task AwaitSeedJoinAsync(EdrsClusterOptions seed, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + seed.SeedJoinTimeout;
        while (system.Cluster().MemberList.GetAllMembers().Length < 2)
        {
            if (DateTime.UtcNow >= deadline)
            {
                LogSeedUnreachable(_logger, system.Address, seed.SeedAddress, seed.SeedJoinTimeout.TotalSeconds);
                _stopping = true;
                await system.Cluster().ShutdownAsync(graceful: false, reason: "could not join the seed").ConfigureAwait(false);
                throw new InvalidOperationException(
                    $"This member did not join the cluster of seed {seed.SeedAddress} within {seed.SeedJoinTimeout.TotalSeconds:0} s " +
                    "(see Cluster__SeedAddress and Cluster__SeedJoinTimeout); it stops rather than run as a cluster of its own.");
            }
            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        return system.Cluster().ShutdownAsync(graceful: true, reason: "host stopping");
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "The member at {Address} saw no other member within {Seconds} s of joining seed {Seed}; stopping")]
    private static partial void LogSeedUnreachable(ILogger logger, string address, string? seed, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Joined the cluster at {Address} as member {MemberId}")]
    private static partial void LogJoined(ILogger logger, string address, string memberId);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The actor system at {Address} shut down while the host was running; stopping the host")]
    private static partial void LogLeftUnexpectedly(ILogger logger, string address);
}
