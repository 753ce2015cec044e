using System.Diagnostics;
using EDRS.Hosting.Cluster;
using EDRS.Testing;
using EDRS.Testing.Cluster;

namespace EDRS.Hosting.Tests.Cluster;

/// <summary>A member that cannot reach its seed must not run as a cluster of its own (found by the fault harness).</summary>
public sealed class SeedJoinTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task A_member_whose_seed_is_unreachable_fails_to_start_instead_of_running_alone()
    {
        // A port nothing listens on: the seed is down.
        var seedAddress = $"127.0.0.1:{FreePorts.Next()}";
        var started = Stopwatch.GetTimestamp();

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => StartJoiningAsync(
            seedAddress, new Dictionary<string, string?> { ["Cluster:SeedJoinTimeout"] = "00:00:02" }));

        Assert.Contains("did not join the cluster of seed", failure.ToString(), StringComparison.Ordinal);
        Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(30), "the start did not fail within its join timeout");
    }

    [Fact]
    public async Task A_member_whose_seed_answers_joins_it()
    {
        await using var seed = await TestMember.StartSeedMemberAsync(db.ConnectionString, seed: null);
        await using var member = await StartJoiningAsync(seed.Address);

        Assert.Equal(2, member.Cluster.MemberList.GetAllMembers().Length);
    }

    private Task<TestMember> StartJoiningAsync(string seedAddress, IReadOnlyDictionary<string, string?>? settings = null) =>
        TestMember.StartAsync(new MemberSpec
        {
            Journal = db.ConnectionString,
            Provider = ClusterProviderKind.Seed,
            SeedAddress = seedAddress,
            Settings = settings ?? new Dictionary<string, string?>(),
        });
}
