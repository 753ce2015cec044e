using EDRS.Hosting.Cluster;
using EDRS.Hosting.Cluster.Workarounds;
using Microsoft.Extensions.Time.Testing;

namespace EDRS.Hosting.Tests.Cluster;

/// <summary>
/// The guard against Proto.Cluster 1.8's member-list race (found by the fault harness after 25–85 kills: a joining member
/// blocked the seed for "Member left cluster", and the block shut the seed down). Its decision alone, on a manual clock.
/// </summary>
public sealed class JoinPhaseBlockGuardTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(3);

    [Fact]
    public void A_member_dropped_from_the_topology_while_joining_is_the_race()
    {
        var guard = new JoinPhaseBlockGuard(Settle, new FakeTimeProvider());

        Assert.True(guard.IsRaceBlock(JoinPhaseBlockGuard.MemberLeftReason, addressReused: false));
    }

    [Fact]
    public void Blocks_for_a_reason_of_their_own_are_never_the_race()
    {
        var guard = new JoinPhaseBlockGuard(Settle, new FakeTimeProvider());

        Assert.False(guard.IsRaceBlock("Expired heartbeat", addressReused: false));
        Assert.False(guard.IsRaceBlock("Blocked via gossip", addressReused: false));
        Assert.False(guard.IsRaceBlock("Blocked by remote member", addressReused: false));
        Assert.False(guard.IsRaceBlock("Gracefully left", addressReused: false));
    }

    [Fact]
    public void An_older_incarnation_at_a_reused_address_really_left()
    {
        var guard = new JoinPhaseBlockGuard(Settle, new FakeTimeProvider());

        Assert.False(guard.IsRaceBlock(JoinPhaseBlockGuard.MemberLeftReason, addressReused: true));
    }

    [Fact]
    public void The_guard_holds_until_the_join_has_settled_and_then_lets_departures_through()
    {
        var clock = new FakeTimeProvider();
        var guard = new JoinPhaseBlockGuard(Settle, clock);
        clock.Advance(TimeSpan.FromSeconds(20)); // a slow join: still joining
        Assert.True(guard.IsRaceBlock(JoinPhaseBlockGuard.MemberLeftReason, addressReused: false));

        guard.Joined();
        clock.Advance(Settle - TimeSpan.FromMilliseconds(1));
        Assert.True(guard.IsRaceBlock(JoinPhaseBlockGuard.MemberLeftReason, addressReused: false));

        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(guard.IsRaceBlock(JoinPhaseBlockGuard.MemberLeftReason, addressReused: false));
    }
}
