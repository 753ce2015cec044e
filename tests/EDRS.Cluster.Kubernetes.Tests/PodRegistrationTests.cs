using System.Text.Json.Nodes;
using EDRS.Cluster.Kubernetes;
using EDRS.Cluster.Kubernetes.Tests.FakeKubernetesApi;
using Microsoft.Extensions.Logging.Abstractions;

namespace EDRS.Cluster.Kubernetes.Tests;

/// <summary>What a member writes on its own pod, and takes away again.</summary>
public sealed class PodRegistrationTests : IAsyncLifetime
{
    private FakeKubernetesApiServer _api = null!;
    private k8s.Kubernetes _client = null!;

    public async Task InitializeAsync()
    {
        _api = await FakeKubernetesApiServer.StartAsync();
        _client = new k8s.Kubernetes(_api.ClientConfiguration);
        _api.Pods.Create(TestPods.Namespace, TestPods.Pod("member-0", ip: "10.1.0.7"));
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _api.DisposeAsync();
    }

    [Fact]
    public async Task Registering_writes_the_cluster_labels_and_the_kinds_annotation_with_a_merge_patch_and_keeps_other_labels()
    {
        await Registration().RegisterAsync("edrs", "member-id-1", "10.1.0.7", 4020, ["persona", "task"], podIp: null, CancellationToken.None);

        var pod = _api.Pods.Get(TestPods.Namespace, "member-0");
        Assert.Equal("edrs", TestPods.Label(pod, "cluster.proto.actor/cluster"));
        Assert.Equal("4020", TestPods.Label(pod, "cluster.proto.actor/port"));
        Assert.Equal("member-id-1", TestPods.Label(pod, "cluster.proto.actor/member-id"));
        Assert.Null(TestPods.Label(pod, "cluster.proto.actor/host"));
        Assert.Equal("persona;task", TestPods.Annotation(pod, "cluster.proto.actor/kinds"));
        Assert.Equal("edrs", TestPods.Label(pod, "app.kubernetes.io/name"));
        Assert.Equal("7d9f8c6b5", TestPods.Label(pod, "pod-template-hash"));

        var get = Assert.Single(_api.Requests, r => r.Method == "GET");
        Assert.Equal($"/api/v1/namespaces/{TestPods.Namespace}/pods/member-0", get.Path);
        var patch = Assert.Single(_api.Requests, r => r.Method == "PATCH");
        Assert.StartsWith("application/merge-patch+json", patch.ContentType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_advertised_host_other_than_the_pod_IP_is_written_as_the_host_label_and_a_stale_one_is_removed()
    {
        await Registration().RegisterAsync("edrs", "first-process", "member-0.edrs-headless", 4020, ["persona"], podIp: null, CancellationToken.None);
        Assert.Equal("member-0.edrs-headless", TestPods.Label(_api.Pods.Get(TestPods.Namespace, "member-0"), "cluster.proto.actor/host"));

        // The container restarts in the same pod, now advertising its pod IP (given by the downward API).
        await Registration().RegisterAsync("edrs", "second-process", "10.1.0.7", 4020, ["persona"], podIp: "10.1.0.7", CancellationToken.None);
        var pod = _api.Pods.Get(TestPods.Namespace, "member-0");
        Assert.Null(TestPods.Label(pod, "cluster.proto.actor/host"));
        Assert.Equal("second-process", TestPods.Label(pod, "cluster.proto.actor/member-id"));
    }

    [Fact]
    public async Task Deregistering_removes_the_labels_and_the_annotation_and_nothing_else()
    {
        var registration = Registration();
        await registration.RegisterAsync("edrs", "member-id-1", "edrs-0.edrs-headless", 4020, ["persona"], podIp: null, CancellationToken.None);

        await registration.DeregisterAsync(CancellationToken.None);

        var pod = _api.Pods.Get(TestPods.Namespace, "member-0")!;
        var labels = (JsonObject)pod["metadata"]!["labels"]!;
        Assert.DoesNotContain(labels, l => l.Key.StartsWith("cluster.proto.actor/", StringComparison.Ordinal));
        Assert.Null(TestPods.Annotation(pod, "cluster.proto.actor/kinds"));
        Assert.Equal("edrs", TestPods.Label(pod, "app.kubernetes.io/name"));
    }

    [Fact]
    public async Task An_advertised_host_that_cannot_be_a_label_value_is_refused_naming_the_variable_to_set()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Registration().RegisterAsync("edrs", "member-id-1", "fd00::7", 4020, ["persona"], podIp: null, CancellationToken.None));

        Assert.Contains("Cluster__AdvertisedHost", error.Message, StringComparison.Ordinal);
        Assert.Null(TestPods.Label(_api.Pods.Get(TestPods.Namespace, "member-0"), "cluster.proto.actor/cluster"));
    }

    [Fact]
    public async Task Registering_a_pod_that_does_not_exist_fails_with_the_API_servers_404()
    {
        var missing = new KubernetesPodRegistration(_client, "no-such-pod", TestPods.Namespace, NullLogger.Instance);

        var error = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() =>
            missing.RegisterAsync("edrs", "member-id-1", "10.1.0.7", 4020, [], podIp: null, CancellationToken.None));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, error.Response.StatusCode);
    }

    private KubernetesPodRegistration Registration() => new(_client, "member-0", TestPods.Namespace, NullLogger.Instance);
}
