using EDRS.Hosting.Cluster;
using EDRS.Hosting.Cluster.Workarounds;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EDRS.Hosting.Tests.Cluster;

/// <summary>
/// A member that cannot hear the others must not block them (found by the fault harness: a replacement member that
/// joined under load blocked two healthy members, which were then refused as "blocked" and shut down), while a single
/// dead member is still blocked at its expiration.
/// </summary>
public sealed class GuardedHeartbeatExpirationTests
{
    private static readonly TimeSpan Expiration = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan GossipInterval = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan Fresh = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Old = TimeSpan.FromSeconds(4);

    [Fact]
    public void A_member_that_just_started_blocks_nobody_for_one_expiration_period()
    {
        var (clock, guard) = Start();
        MemberHeartbeatAge[] oneDead = [new("a", Fresh), new("b", Fresh), new("dead", Old)];

        var allowedAfter = FirstAllowed(clock, guard, oneDead, Expiration + Expiration);

        Assert.NotNull(allowedAfter);
        Assert.InRange(allowedAfter.Value, Expiration, Expiration + GossipInterval);
    }

    [Fact]
    public void A_single_dead_member_is_blocked_at_once_by_a_member_that_runs_on_time()
    {
        var (clock, guard) = Settled();

        clock.Advance(GossipInterval);

        Assert.True(guard.MayBlockExpired([new("a", Fresh), new("b", Fresh), new("dead", Old)]));
    }

    [Fact]
    public void The_only_other_member_of_a_two_member_cluster_is_blocked_when_it_dies()
    {
        var (clock, guard) = Settled();

        clock.Advance(GossipInterval);

        Assert.True(guard.MayBlockExpired([new("dead", Old)]));
    }

    [Fact]
    public void After_its_own_stall_a_member_blocks_nobody_until_its_view_is_fresh_again()
    {
        var (clock, guard) = Settled();
        MemberHeartbeatAge[] oneDead = [new("a", Fresh), new("b", Fresh), new("dead", Old)];

        clock.Advance(TimeSpan.FromSeconds(4)); // SIGSTOP, a long GC pause, a starved process
        Assert.False(guard.MayBlockExpired(oneDead));
        var allowedAfter = FirstAllowed(clock, guard, oneDead, Expiration + Expiration);

        Assert.NotNull(allowedAfter);
        Assert.InRange(allowedAfter.Value, Expiration, Expiration + GossipInterval);
    }

    [Fact]
    public void A_slow_gossip_round_below_the_stall_threshold_does_not_suspend_blocking()
    {
        var (clock, guard) = Settled();

        clock.Advance(TimeSpan.FromMilliseconds(1_400)); // a busy machine's gossip round

        Assert.True(guard.MayBlockExpired([new("a", Fresh), new("dead", Old), new("b", Fresh)]));
    }

    [Fact]
    public void A_member_that_hears_from_nobody_holds_off_blocking_the_others()
    {
        var (clock, guard) = Settled();
        MemberHeartbeatAge[] deafToTwoOfThree = [new("harness", Fresh), new("a", Old), new("b", Old)];

        var allowedAfter = FirstAllowed(clock, guard, deafToTwoOfThree, Expiration + Expiration - GossipInterval);

        Assert.Null(allowedAfter);
    }

    [Fact]
    public void Members_that_stay_expired_for_two_expiration_periods_are_blocked_after_all()
    {
        var (clock, guard) = Settled();
        MemberHeartbeatAge[] twoDead = [new("harness", Fresh), new("a", Old), new("b", Old)];

        var allowedAfter = FirstAllowed(clock, guard, twoDead, 3 * Expiration);

        Assert.NotNull(allowedAfter);
        Assert.InRange(allowedAfter.Value, 2 * Expiration, 2 * Expiration + GossipInterval);
    }

    [Fact]
    public void Hearing_the_others_again_ends_the_self_suspicion()
    {
        var (clock, guard) = Settled();
        clock.Advance(GossipInterval);
        Assert.False(guard.MayBlockExpired([new("harness", Fresh), new("a", Old), new("b", Old)]));

        clock.Advance(GossipInterval);
        Assert.True(guard.MayBlockExpired([new("harness", Fresh), new("a", Fresh), new("b", Old)]));

        // A later burst starts its own hold, not one carried over from before.
        clock.Advance(GossipInterval);
        Assert.False(guard.MayBlockExpired([new("harness", Fresh), new("a", Old), new("b", Old)]));
    }

    private static (FakeTimeProvider Clock, GuardedHeartbeatExpiration Guard) Start()
    {
        var clock = new FakeTimeProvider();
        return (clock, new GuardedHeartbeatExpiration(Expiration, clock, NullLogger.Instance));
    }

    /// <summary>A guard past its start-up quiet period, its gossip loop running on time.</summary>
    private static (FakeTimeProvider Clock, GuardedHeartbeatExpiration Guard) Settled()
    {
        var (clock, guard) = Start();
        FirstAllowed(clock, guard, [new("a", Fresh)], Expiration + GossipInterval);
        return (clock, guard);
    }

    /// <returns>How long into these on-time gossip rounds the guard first allowed blocking; null if it never did.</returns>
    private static TimeSpan? FirstAllowed(FakeTimeProvider clock, GuardedHeartbeatExpiration guard, MemberHeartbeatAge[] others, TimeSpan during)
    {
        for (var elapsed = GossipInterval; elapsed <= during; elapsed += GossipInterval)
        {
            clock.Advance(GossipInterval);
            if (guard.MayBlockExpired(others))
                return elapsed;
        }
        return null;
    }
}
