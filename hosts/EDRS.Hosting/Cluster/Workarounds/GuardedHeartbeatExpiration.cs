using Microsoft.Extensions.Logging;
using Proto.Cluster.Gossip;
using Proto.Remote;

namespace EDRS.Hosting.Cluster.Workarounds;

/// <summary>
/// Proto.Cluster's heartbeat expiration (block a member whose heartbeat this member has not seen renewed for
/// <c>HeartbeatExpiration</c>), minus a failure the fault harness found. Heartbeat ages are measured locally: since this
/// member last merged a newer heartbeat. A member that cannot hear the others — its own process stalled, or it has just
/// joined and the others' connections to it are not up yet — sees their heartbeats age although they are alive. Proto.Cluster
/// 1.8 then blocks them, and each healthy member that next connects to it is answered "blocked" and shuts itself down: a
/// replacement member that joined under load took two healthy members down this way. So this member blocks nobody
/// <list type="bullet">
/// <item>for one expiration period after it starts, and after any gap in its own gossip loop longer than the stall
/// threshold (its view is stale, not the others);</item>
/// <item>while at least two other members, and at least half of them, look expired at once: more likely it cannot hear
/// them than that they all died together. If that lasts two expiration periods, they are blocked after all.</item>
/// </list>
/// A single dead member (the usual case) is blocked exactly as before.
/// </summary>
internal sealed partial class GuardedHeartbeatExpiration(TimeSpan expiration, TimeProvider time, ILogger logger)
{
    /// <summary>
    /// The gossip loop runs every 300 ms, and rounds of about a second are common on a busy machine; a gap longer than this
    /// means this process was not running its gossip long enough for its view of the others to go stale.
    /// </summary>
    private readonly TimeSpan _stallThreshold = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(1.5).Ticks, expiration.Ticks / 2));

    private long _lastCheck;
    private long _quietUntil;
    private long _suspectingSelfSince;

    /// <summary>The handler Proto.Cluster calls from its gossip loop (<c>ClusterConfig.HeartbeatExpirationHandler</c>).</summary>
    public async Task HandleAsync(Proto.Cluster.Cluster cluster)
    {
        var heartbeats = await cluster.Gossip.GetStateEntry(GossipKeys.Heartbeat).ConfigureAwait(false);
        var blocked = cluster.System.Remote().BlockList.BlockedMembers;
        var others = heartbeats
            .Where(h => h.Key != cluster.System.Id && !blocked.Contains(h.Key))
            .Select(h => new MemberHeartbeatAge(h.Key, h.Value.Age))
            .ToArray();
        // Proto.Remote's block list takes entries only from Proto itself: its own handler blocks every expired member.
        if (MayBlockExpired(others))
            await GossipDefaults.BlockExpiredMembers(cluster).ConfigureAwait(false);
    }

    /// <summary>Whether the expired ones among the other (not yet blocked) members may be blocked now, given their heartbeats' ages.</summary>
    internal bool MayBlockExpired(IReadOnlyCollection<MemberHeartbeatAge> others)
    {
        var now = time.GetTimestamp();
        var last = _lastCheck;
        _lastCheck = now;
        if (last == 0 || time.GetElapsedTime(last, now) > _stallThreshold)
        {
            if (last != 0)
                LogStalled(logger, time.GetElapsedTime(last, now).TotalMilliseconds, expiration.TotalSeconds);
            _quietUntil = now + Ticks(expiration);
            _suspectingSelfSince = 0;
            return false;
        }
        if (now < _quietUntil)
            return false;

        var expired = others.Count(o => o.Age > expiration);
        if (expired >= 2 && expired * 2 >= others.Count)
        {
            if (_suspectingSelfSince == 0)
            {
                _suspectingSelfSince = now;
                LogSuspectingSelf(logger, expired, others.Count);
            }
            return time.GetElapsedTime(_suspectingSelfSince, now) >= 2 * expiration;
        }
        _suspectingSelfSince = 0;
        return true;
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * time.TimestampFrequency);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "This member's gossip loop did not run for {Milliseconds} ms (a stalled process); it blocks no member for the next {Seconds} s while its view of their heartbeats is refreshed")]
    private static partial void LogStalled(ILogger logger, double milliseconds, double seconds);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "{Expired} of the {Others} other members look expired at once: this member more likely cannot hear them; it holds off blocking them")]
    private static partial void LogSuspectingSelf(ILogger logger, int expired, int others);
}
