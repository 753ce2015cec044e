using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace EDRS.Grains.Tests;

/// <summary>A member that cannot reach its seed must not run as a cluster of its own (found by the fault harness).</summary>
public sealed class SeedJoinTests(GrainsDatabase db) : IClassFixture<GrainsDatabase>
{
    [Fact]
    public async Task A_member_whose_seed_is_unreachable_fails_to_start_instead_of_running_alone()
    {
        // A port nothing listens on: the seed is down.
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        var started = Stopwatch.GetTimestamp();

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => TestMember.StartJoiningAsync(
            db.ConnectionString, $"127.0.0.1:{port}", new Dictionary<string, string?> { ["Cluster:SeedJoinTimeout"] = "00:00:02" }));

        Assert.Contains("did not join the cluster of seed", failure.ToString(), StringComparison.Ordinal);
        Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(30), "the start did not fail within its join timeout");
    }

    [Fact]
    public async Task A_member_whose_seed_answers_joins_it()
    {
        await using var seed = await TestMember.StartSeedMemberAsync(db.ConnectionString, seed: null);
        await using var member = await TestMember.StartJoiningAsync(db.ConnectionString, seed.Address);

        Assert.Equal(2, member.Cluster.MemberList.GetAllMembers().Length);
    }
}
