using EDRS.Testing.Cluster;
using Grpc.Core;

namespace EDRS.Grains.Runtime.Tests.Recovery;

/// <summary>
/// A recovery is bound by <c>Grains:RecoveryTimeout</c>, not by the deadline of the call that started it: a state that takes
/// longer to load than a call may last still loads, once, and the caller's retry finds the grain ready. (Bound to the call,
/// every retry would start the load again and cancel it again: the grain could never come back.)
/// </summary>
public sealed class SlowRecoveryTests
{
    private static Task<TestMember> StartAsync(string recoveryTimeout) => TestMember.StartAsync(new MemberSpec
    {
        Kinds = MemberKinds.None,
        ExtraKinds = [SlowRecoveryProbeGrain.Registration],
        Settings = new Dictionary<string, string?>
        {
            ["Grains:CallTimeout"] = "00:00:01",
            ["Grains:RecoveryTimeout"] = recoveryTimeout,
        },
    });

    [Fact]
    public async Task A_recovery_that_outlasts_the_call_goes_on_and_the_retry_finds_the_grain_ready()
    {
        SlowRecoveryProbeGrain.RecoveryTime = TimeSpan.FromSeconds(2);
        await using var member = await StartAsync("00:01:00");
        var probe = new SlowRecoveryProbe.SlowRecoveryProbeClient(member.Grains.Invoker(SlowRecoveryProbe.Descriptor, "tests", "slow-state"));

        var first = await Assert.ThrowsAsync<RpcException>(() => probe.PingAsync(new RecoveryPing()).ResponseAsync);
        var retried = await RetryAsync(probe);

        Assert.Equal(StatusCode.DeadlineExceeded, first.StatusCode);
        Assert.Equal((1, 1), (retried.RecoveriesStarted, retried.RecoveriesFinished));
    }

    [Fact]
    public async Task A_recovery_past_the_recovery_timeout_fails_and_the_next_call_tries_again()
    {
        SlowRecoveryProbeGrain.RecoveryTime = TimeSpan.FromSeconds(1.5);
        await using var member = await StartAsync("00:00:01");
        var probe = new SlowRecoveryProbe.SlowRecoveryProbeClient(member.Grains.Invoker(SlowRecoveryProbe.Descriptor, "tests", "too-slow"));

        var first = await Assert.ThrowsAsync<RpcException>(() => probe.PingAsync(new RecoveryPing()).ResponseAsync);
        await Task.Delay(TimeSpan.FromSeconds(0.5));
        var second = await Assert.ThrowsAsync<RpcException>(() => probe.PingAsync(new RecoveryPing()).ResponseAsync);

        Assert.Contains(first.StatusCode, new[] { StatusCode.DeadlineExceeded, StatusCode.Unavailable });
        Assert.Contains(second.StatusCode, new[] { StatusCode.DeadlineExceeded, StatusCode.Unavailable });
    }

    /// <summary>Calls again (a client's retry) until an answer comes, for at most 10 s.</summary>
    private static async Task<RecoveryCount> RetryAsync(SlowRecoveryProbe.SlowRecoveryProbeClient probe)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                return await probe.PingAsync(new RecoveryPing()).ResponseAsync;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.DeadlineExceeded && DateTime.UtcNow < until)
            {
            }
        }
    }
}
