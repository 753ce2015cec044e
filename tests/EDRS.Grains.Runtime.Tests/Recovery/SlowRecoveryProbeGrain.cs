using System.Collections.Concurrent;
using Grpc.Core;

namespace EDRS.Grains.Runtime.Tests.Recovery;

/// <summary>A test grain whose recovery takes <see cref="RecoveryTime"/> (honouring the runtime's token), counting recoveries per identity.</summary>
public sealed class SlowRecoveryProbeGrain(GrainActivation activation) : SlowRecoveryProbe.SlowRecoveryProbeBase, IJournaledGrain
{
    private static readonly ConcurrentDictionary<string, (int Started, int Finished)> Recoveries = new(StringComparer.Ordinal);

    public static TimeSpan RecoveryTime { get; set; } = TimeSpan.FromSeconds(2);

    public static GrainKindRegistration Registration { get; } =
        GrainKindRegistration.For<SlowRecoveryProbe.SlowRecoveryProbeBase, SlowRecoveryProbeGrain>(SlowRecoveryProbe.Descriptor, SlowRecoveryProbe.BindService);

    private string Identity => activation.Identity.ClusterIdentity;

    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        Recoveries.AddOrUpdate(Identity, (1, 0), (_, c) => (c.Started + 1, c.Finished));
        await Task.Delay(RecoveryTime, cancellationToken).ConfigureAwait(false);
        Recoveries.AddOrUpdate(Identity, (1, 1), (_, c) => (c.Started, c.Finished + 1));
    }

    public override Task<RecoveryCount> Ping(RecoveryPing request, ServerCallContext context)
    {
        var (started, finished) = Recoveries.GetValueOrDefault(Identity);
        return Task.FromResult(new RecoveryCount { RecoveriesStarted = started, RecoveriesFinished = finished });
    }
}
