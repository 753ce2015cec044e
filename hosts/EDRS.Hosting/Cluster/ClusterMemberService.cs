using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Proto;
using Proto.Cluster;

namespace EDRS.Hosting.Cluster;

/// <summary>
/// Joins the cluster when the host starts and leaves it gracefully when the host stops. A member the
/// others have blocked (e.g. after a long pause) shuts its actor system down by itself; the process then
/// stops too, so its supervisor restarts it as a fresh member instead of leaving a zombie.
/// </summary>
internal sealed partial class ClusterMemberService(ActorSystem system, IHostApplicationLifetime lifetime, ILoggerFactory loggers)
    : IHostedService
{
    private readonly ILogger _logger = loggers.CreateLogger("EDRS.Cluster");
    private volatile bool _stopping;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await system.Cluster().StartMemberAsync().ConfigureAwait(false);
        LogJoined(_logger, system.Address, system.Id);
        system.Shutdown.Register(() =>
        {
            if (_stopping)
                return;
            LogLeftUnexpectedly(_logger, system.Address);
            lifetime.StopApplication();
        });
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        return system.Cluster().ShutdownAsync(graceful: true, reason: "host stopping");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Joined the cluster at {Address} as member {MemberId}")]
    private static partial void LogJoined(ILogger logger, string address, string memberId);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The actor system at {Address} shut down while the host was running; stopping the host")]
    private static partial void LogLeftUnexpectedly(ILogger logger, string address);
}
