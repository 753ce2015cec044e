using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Proto;
using Proto.Cluster;

namespace EDRS.Hosting.Cluster;

/// <summary>Joins the cluster when the host starts and leaves it gracefully when the host stops.</summary>
internal sealed partial class ClusterMemberService(ActorSystem system, ILoggerFactory loggers) : IHostedService
{
    private readonly ILogger _logger = loggers.CreateLogger("EDRS.Cluster");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Log.SetLoggerFactory(loggers);
        await system.Cluster().StartMemberAsync().ConfigureAwait(false);
        LogJoined(_logger, system.Address, system.Id);
    }

    public Task StopAsync(CancellationToken cancellationToken) =>
        system.Cluster().ShutdownAsync(graceful: true, reason: "host stopping");

    [LoggerMessage(Level = LogLevel.Information, Message = "Joined the cluster at {Address} as member {MemberId}")]
    private static partial void LogJoined(ILogger logger, string address, string memberId);
}
