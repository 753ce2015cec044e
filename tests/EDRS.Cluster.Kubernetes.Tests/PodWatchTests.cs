using EDRS.Cluster.Kubernetes.Tests.FakeKubernetesApi;
using EDRS.Testing;

namespace EDRS.Cluster.Kubernetes.Tests;

/// <summary>Which pods become members, and how joins and leaves reach the topology through list and watch.</summary>
public sealed class PodWatchTests
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Running_ready_labelled_pods_of_the_cluster_become_members_with_host_port_id_and_kinds()
    {
        await using var h = await WatcherHarness.StartAsync(pods =>
        {
            pods.Create(TestPods.Namespace, TestPods.Member("member-a", "id-a", 4020, kinds: "persona;task;workflow", ip: "10.1.0.7"));
            pods.Create(TestPods.Namespace, TestPods.Member("member-b", "id-b", 4021, kinds: ""));
            pods.Create(TestPods.Namespace, TestPods.Member("other-cluster", "id-x", 4020, cluster: "someone-else"));
            pods.Create(TestPods.Namespace, TestPods.Pod("unlabelled"));
            pods.Create("another-namespace", TestPods.Member("elsewhere", "id-y", 4020));
        });

        var members = await h.Topology.WaitForIdsAsync("the initial list", Soon, "id-a", "id-b");

        var a = members.Single(m => m.Id == "id-a");
        Assert.Equal(("10.1.0.7", 4020), (a.Host, a.Port));
        Assert.Equal(["persona", "task", "workflow"], a.Kinds);
        var b = members.Single(m => m.Id == "id-b");
        Assert.Equal(("127.0.0.1", 4021), (b.Host, b.Port));
        Assert.Empty(b.Kinds);
        var list = h.Api.Requests.First(r => r.Method == "GET" && !r.Watch);
        Assert.Equal($"/api/v1/namespaces/{TestPods.Namespace}/pods", list.Path);
        Assert.Equal("cluster.proto.actor/cluster=edrs", list.LabelSelector);
    }

    [Fact]
    public async Task A_pod_that_joins_later_is_added_and_a_deleted_pod_or_one_whose_labels_are_removed_leaves()
    {
        await using var h = await WatcherHarness.StartAsync(pods =>
        {
            pods.Create(TestPods.Namespace, TestPods.Member("member-a", "id-a", 4020));
            pods.Create(TestPods.Namespace, TestPods.Member("member-b", "id-b", 4020));
        }, resync: TimeSpan.FromSeconds(30));
        await h.Topology.WaitForIdsAsync("the initial list", Soon, "id-a", "id-b");

        h.Api.Pods.Create(TestPods.Namespace, TestPods.Member("member-c", "id-c", 4020));
        await h.Topology.WaitForIdsAsync("a pod labelled after the list (ADDED)", Soon, "id-a", "id-b", "id-c");

        h.Api.Pods.Delete(TestPods.Namespace, "member-b");
        await h.Topology.WaitForIdsAsync("a deleted pod (DELETED)", Soon, "id-a", "id-c");

        // A member leaving gracefully removes its labels: the pod stops matching the selector and the watch says DELETED.
        h.Api.Pods.Update(TestPods.Namespace, "member-c", pod => TestPods.WithoutLabel(pod, "cluster.proto.actor/cluster"));
        await h.Topology.WaitForIdsAsync("a pod whose cluster label was removed", Soon, "id-a");

        // All of it came through one watch: the resync interval (30 s) never elapsed.
        Assert.Single(h.Api.Requests, r => r.Method == "GET" && !r.Watch);
    }

    [Fact]
    public async Task Pods_not_running_or_not_started_are_excluded_until_all_their_containers_have_started()
    {
        await using var h = await WatcherHarness.StartAsync(pods =>
        {
            pods.Create(TestPods.Namespace, TestPods.Member("member-a", "id-a", 4020));
            pods.Create(TestPods.Namespace, TestPods.Member("warming-up", "id-w", 4020, ready: false, started: false));
            var pending = TestPods.Member("pending", "id-p", 4020);
            pending["status"] = new System.Text.Json.Nodes.JsonObject { ["phase"] = "Pending" };
            pods.Create(TestPods.Namespace, pending);
        }, resync: TimeSpan.FromSeconds(30));
        await h.Topology.WaitForIdsAsync("only the started pod", Soon, "id-a");

        // Its startup probe passed (the host started and joined): a member, before its readiness probe has said anything.
        h.Api.Pods.Update(TestPods.Namespace, "warming-up", pod => TestPods.WithContainer(pod, ready: false, started: true));
        await h.Topology.WaitForIdsAsync("the pod once started", Soon, "id-a", "id-w");

        // A restarted container is not started until its startup probe passes again.
        h.Api.Pods.Update(TestPods.Namespace, "member-a", pod => TestPods.WithContainer(pod, ready: false, started: false));
        await h.Topology.WaitForIdsAsync("a pod whose container restarted", Soon, "id-w");
        Assert.DoesNotContain(h.Topology.Published, members => members.Any(m => m.Id == "id-p"));
    }

    [Fact]
    public async Task A_pod_that_turns_not_ready_but_stays_started_stays_a_member()
    {
        await using var h = await WatcherHarness.StartAsync(pods =>
        {
            pods.Create(TestPods.Namespace, TestPods.Member("member-a", "id-a", 4020));
            pods.Create(TestPods.Namespace, TestPods.Member("member-b", "id-b", 4020));
        }, resync: TimeSpan.FromSeconds(30));
        await h.Topology.WaitForIdsAsync("the initial list", Soon, "id-a", "id-b");
        var before = h.Topology.Published.Count;

        // PostgreSQL is unreachable for longer than the readiness threshold: every pod's readiness probe fails and the
        // kubelet marks it not ready. Its containers keep running, started.
        h.Api.Pods.Update(TestPods.Namespace, "member-a", pod => TestPods.WithReady(pod, false));
        h.Api.Pods.Update(TestPods.Namespace, "member-b", pod => TestPods.WithReady(pod, false));
        // Events arrive in order: once a pod labelled after them shows, the readiness changes have been seen.
        h.Api.Pods.Create(TestPods.Namespace, TestPods.Member("member-c", "id-c", 4020));
        await h.Topology.WaitForIdsAsync("the later pod", Soon, "id-a", "id-b", "id-c");

        Assert.All(h.Topology.Published.Skip(before), members =>
            Assert.Equal(["id-a", "id-b"], members.Select(m => m.Id).Where(id => id != "id-c").Order(StringComparer.Ordinal)));
    }

    [Fact]
    public async Task The_own_pod_counts_as_soon_as_it_runs_because_its_startup_probe_waits_for_the_cluster()
    {
        await using var h = await WatcherHarness.StartAsync(pods =>
        {
            pods.Create(TestPods.Namespace, TestPods.Member("me", WatcherHarness.Self, 4020, ready: false, started: false));
            pods.Create(TestPods.Namespace, TestPods.Member("other", "id-o", 4020, ready: false, started: false));
        });

        await h.Topology.WaitForIdsAsync("the own pod, not started yet", Soon, WatcherHarness.Self);
    }

    [Fact]
    public async Task The_host_label_overrides_the_pod_IP_as_the_members_address()
    {
        await using var h = await WatcherHarness.StartAsync(pods =>
            pods.Create(TestPods.Namespace, TestPods.Member("member-a", "id-a", 4020, ip: "10.1.0.7", hostLabel: "member-a.edrs-headless")));

        var members = await h.Topology.WaitForIdsAsync("the labelled pod", Soon, "id-a");

        Assert.Equal("member-a.edrs-headless:4020", members[0].Address);
    }

    [Fact]
    public async Task A_watch_resumes_from_the_last_bookmark_instead_of_listing_again()
    {
        await using var h = await WatcherHarness.StartAsync(pods =>
            pods.Create(TestPods.Namespace, TestPods.Member("member-a", "id-a", 4020)), resync: TimeSpan.FromSeconds(30));
        await h.Topology.WaitForIdsAsync("the initial list", Soon, "id-a");
        await Eventually.TrueAsync(() => h.Api.Pods.OpenWatches == 1, "the watch was opened", Soon);

        // Other pods change (not ours), moving the resource version on; the API server bookmarks it, then ends the
        // stream (its timeout). The bookmark is on the stream before its end, so the client has read it.
        h.Api.Pods.Create(TestPods.Namespace, TestPods.Pod("unrelated-1"));
        h.Api.Pods.Create(TestPods.Namespace, TestPods.Pod("unrelated-2"));
        var bookmark = h.Api.Pods.Bookmark();
        Assert.Equal(1, h.Api.Pods.EndWatches());

        await Eventually.TrueAsync(() => h.Api.Requests.Count(r => r.Watch) >= 2, "the watch was re-established", Soon);
        var rewatch = h.Api.Requests.Last(r => r.Watch);
        Assert.Equal(bookmark.ToString(System.Globalization.CultureInfo.InvariantCulture), rewatch.ResourceVersion);
        Assert.Single(h.Api.Requests, r => r.Method == "GET" && !r.Watch);
        Assert.Equal(["id-a"], h.Topology.LatestIds);
    }
}
