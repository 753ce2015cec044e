using EDRS.Cluster.Kubernetes.Tests.FakeKubernetesApi;
using EDRS.Testing;
using Proto.Cluster;

namespace EDRS.Cluster.Kubernetes.Tests;

/// <summary>
/// The API server misbehaving: streams that break or go silent, 500s, calls that never answer, an expired resource
/// version. The topology must stay what it was (Proto.Cluster blocks a member dropped from it for good) and catch up
/// once the API server answers again.
/// </summary>
public sealed class WatchFailureTests
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_watch_dropped_mid_stream_is_re_established_and_misses_no_change()
    {
        await using var h = await WatcherHarness.StartAsync(pods =>
            pods.Create(TestPods.Namespace, TestPods.Member("member-a", "id-a", 4020)), resync: TimeSpan.FromSeconds(30));
        await h.Topology.WaitForIdsAsync("the initial list", Soon, "id-a");
        await Eventually.TrueAsync(() => h.Api.Pods.OpenWatches == 1, "the watch was opened", Soon);

        // Break the stream, and change things before the client can watch again.
        h.Api.Fault = ApiFault.ServerError;
        Assert.Equal(1, h.Api.Pods.DropWatches());
        h.Api.Pods.Create(TestPods.Namespace, TestPods.Member("member-b", "id-b", 4020));
        await Eventually.TrueAsync(() => h.Api.Requests.Count(r => r.Watch) >= 2, "the client tried to watch again", Soon);
        h.Api.Fault = ApiFault.None;

        await h.Topology.WaitForIdsAsync("the change made while the watch was down", Soon, "id-a", "id-b");
        // Caught up by resuming the watch from its resource version, not by a re-list (the resync is 30 s away).
        Assert.Single(h.Api.Requests, r => r.Method == "GET" && !r.Watch);
        Assert.All(h.Api.Requests.Where(r => r.Watch).Skip(1), r => Assert.False(string.IsNullOrEmpty(r.ResourceVersion)));
    }

    [Fact]
    public async Task A_watch_that_hangs_silently_is_repaired_by_the_periodic_re_list()
    {
        await using var h = await WatcherHarness.StartAsync(pods =>
            pods.Create(TestPods.Namespace, TestPods.Member("member-a", "id-a", 4020)), resync: TimeSpan.FromSeconds(2));
        await h.Topology.WaitForIdsAsync("the initial list", Soon, "id-a");

        h.Api.WatchesHangSilently = true;
        var changedAt = DateTimeOffset.UtcNow;
        h.Api.Pods.Create(TestPods.Namespace, TestPods.Member("member-b", "id-b", 4020));

        await h.Topology.WaitForIdsAsync("the change, after the next re-list", TimeSpan.FromSeconds(6), "id-a", "id-b");
        Assert.Contains(h.Api.Requests, r => r.Method == "GET" && !r.Watch && r.At > changedAt);
    }

    [Fact]
    public async Task An_API_server_answering_500_keeps_the_last_topology_and_the_watcher_catches_up_afterwards()
    {
        await using var h = await WatcherHarness.StartAsync(pods =>
        {
            pods.Create(TestPods.Namespace, TestPods.Member("member-a", "id-a", 4020));
            pods.Create(TestPods.Namespace, TestPods.Member("member-b", "id-b", 4020));
        });
        await h.Topology.WaitForIdsAsync("the initial list", Soon, "id-a", "id-b");
        await Eventually.TrueAsync(() => h.Api.Pods.OpenWatches == 1, "the watch was opened", Soon);
        var before = h.Topology.Published.Count;

        h.Api.Fault = ApiFault.ServerError;
        Assert.Equal(1, h.Api.Pods.DropWatches());
        var outageStart = DateTimeOffset.UtcNow;
        // Long enough for failed watches and at least one failed re-list (resync every 2 s).
        await Eventually.TrueAsync(
            () => h.Api.Requests.Count(r => !r.Watch && r.At > outageStart) >= 2, "re-lists were tried during the outage", TimeSpan.FromSeconds(8));

        Assert.Equal(before, h.Topology.Published.Count);
        Assert.Equal(["id-a", "id-b"], h.Topology.LatestIds);

        // Meanwhile the cluster changed; once the API server answers, the topology follows.
        h.Api.Pods.Delete(TestPods.Namespace, "member-b");
        h.Api.Pods.Create(TestPods.Namespace, TestPods.Member("member-c", "id-c", 4020));
        h.Api.Fault = ApiFault.None;
        await h.Topology.WaitForIdsAsync("after the outage", TimeSpan.FromSeconds(6), "id-a", "id-c");
        Assert.All(h.Topology.Published, NotEmpty);
    }

    [Fact]
    public async Task An_API_server_that_stops_answering_keeps_the_last_topology_and_the_watcher_catches_up_afterwards()
    {
        await using var h = await WatcherHarness.StartAsync(pods =>
        {
            pods.Create(TestPods.Namespace, TestPods.Member("member-a", "id-a", 4020));
            pods.Create(TestPods.Namespace, TestPods.Member("member-b", "id-b", 4020));
        });
        await h.Topology.WaitForIdsAsync("the initial list", Soon, "id-a", "id-b");
        await Eventually.TrueAsync(() => h.Api.Pods.OpenWatches == 1, "the watch was opened", Soon);
        var before = h.Topology.Published.Count;

        h.Api.Fault = ApiFault.Hang;
        Assert.Equal(1, h.Api.Pods.DropWatches());
        var outageStart = DateTimeOffset.UtcNow;
        await Eventually.TrueAsync(
            () => h.Api.Requests.Count(r => !r.Watch && r.At > outageStart) >= 2, "re-lists timed out and were retried", TimeSpan.FromSeconds(8));

        Assert.Equal(before, h.Topology.Published.Count);
        Assert.Equal(["id-a", "id-b"], h.Topology.LatestIds);

        h.Api.Pods.Update(TestPods.Namespace, "member-a", pod => TestPods.WithContainer(pod, ready: false, started: false));
        h.Api.Fault = ApiFault.None;
        await h.Topology.WaitForIdsAsync("after the API server answers again", TimeSpan.FromSeconds(6), "id-b");
    }

    [Fact]
    public async Task An_expired_resource_version_makes_the_watcher_list_again()
    {
        await using var h = await WatcherHarness.StartAsync(pods =>
            pods.Create(TestPods.Namespace, TestPods.Member("member-a", "id-a", 4020)), resync: TimeSpan.FromSeconds(30));
        await h.Topology.WaitForIdsAsync("the initial list", Soon, "id-a");
        await Eventually.TrueAsync(() => h.Api.Pods.OpenWatches == 1, "the watch was opened", Soon);

        // The stream breaks, a change happens while the client cannot watch, and the history it would resume from
        // is compacted away: the next watch gets an ERROR event (410 Expired).
        h.Api.Fault = ApiFault.ServerError;
        Assert.Equal(1, h.Api.Pods.DropWatches());
        h.Api.Pods.Create(TestPods.Namespace, TestPods.Member("member-b", "id-b", 4020));
        h.Api.Pods.Compact();
        h.Api.Fault = ApiFault.None;

        await h.Topology.WaitForIdsAsync("the change, through a re-list after 410 Gone", Soon, "id-a", "id-b");
        Assert.True(h.Api.ExpiredWatches >= 1);
        Assert.Equal(2, h.Api.Requests.Count(r => r.Method == "GET" && !r.Watch));
    }

    private static void NotEmpty(Member[] members) => Assert.NotEmpty(members);
}
