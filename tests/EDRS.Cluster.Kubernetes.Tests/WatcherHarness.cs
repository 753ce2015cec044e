using EDRS.Cluster.Kubernetes;
using EDRS.Cluster.Kubernetes.Tests.FakeKubernetesApi;
using Microsoft.Extensions.Logging.Abstractions;

namespace EDRS.Cluster.Kubernetes.Tests;

/// <summary>
/// The production <see cref="KubernetesPodWatcher"/> on a real KubernetesClient pointed at the fake API server, with
/// the timings shortened so failure and recovery fit in a test.
/// </summary>
public sealed class WatcherHarness : IAsyncDisposable
{
    public const string Self = "self-member";

    private readonly k8s.Kubernetes _client;

    private WatcherHarness(FakeKubernetesApiServer api, KubernetesProviderOptions options)
    {
        Api = api;
        Options = options;
        _client = new k8s.Kubernetes(api.ClientConfiguration);
        Watcher = new KubernetesPodWatcher(_client, TestPods.Namespace, "edrs", Self, options, Topology.Publish, NullLogger.Instance);
    }

    public FakeKubernetesApiServer Api { get; }

    public KubernetesProviderOptions Options { get; }

    public KubernetesPodWatcher Watcher { get; }

    public TopologyRecorder Topology { get; } = new();

    public static async Task<WatcherHarness> StartAsync(Action<FakePodStore> seed, TimeSpan? resync = null)
    {
        var api = await FakeKubernetesApiServer.StartAsync();
        seed(api.Pods);
        var harness = new WatcherHarness(api, new KubernetesProviderOptions
        {
            // Long enough for the first call of a test process on a busy machine (a cold client once took over 500 ms and
            // its list was retried), short enough for the hanging-API tests to see two timed-out re-lists in 8 s.
            RequestTimeout = TimeSpan.FromSeconds(2),
            ResyncInterval = resync ?? TimeSpan.FromSeconds(2),
            RetryDelayMin = TimeSpan.FromMilliseconds(50),
            RetryDelayMax = TimeSpan.FromMilliseconds(400),
        });
        harness.Watcher.Start();
        return harness;
    }

    public async ValueTask DisposeAsync()
    {
        await Watcher.DisposeAsync();
        _client.Dispose();
        await Api.DisposeAsync();
    }
}
