// Hand-written rather than depending on the Proto.Cluster.Kubernetes package, whose contract it keeps. It keeps that package's contract (pods
// labelled cluster.proto.actor/cluster, /port, /member-id, /host; kinds in the cluster.proto.actor/kinds
// annotation; list+watch of pods by label; RBAC get/list/watch/patch on pods) on KubernetesClient, so a Proto.Actor
// operator finds nothing new, and adds what a production member needs: bounded retries at start-up, a resumable
// watch with backoff, periodic re-lists, and a topology that survives API-server trouble.
using k8s;
using k8s.Autorest;
using Microsoft.Extensions.Logging;
using Proto.Cluster;
using ProtoCluster = Proto.Cluster.Cluster;

namespace EDRS.Cluster.Kubernetes;

/// <summary>
/// Proto.Cluster membership through the Kubernetes API: a member labels its own pod and watches the pods of its
/// cluster; Running pods whose containers have all started (passed their startup probe) are the members.
/// </summary>
public sealed partial class KubernetesClusterProvider : IClusterProvider
{
    private readonly IKubernetes _client;
    private readonly KubernetesProviderOptions _options;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private KubernetesPodRegistration? _registration;
    private KubernetesPodWatcher? _watcher;

    private KubernetesClusterProvider(IKubernetes client, KubernetesProviderOptions options, ILoggerFactory loggers)
    {
        _client = client;
        _options = options;
        _loggers = loggers;
        _logger = loggers.CreateLogger("EDRS.Cluster.Kubernetes");
    }

    /// <summary>
    /// A provider with a client of its own (disposed at shutdown): the in-cluster configuration, or
    /// <see cref="KubernetesProviderOptions.ApiServer"/> when set. The code is the same for both.
    /// </summary>
    public static KubernetesClusterProvider Create(KubernetesProviderOptions options, ILoggerFactory loggers) =>
        new(new k8s.Kubernetes(ClientConfiguration(options)), options, loggers);

    /// <summary>The client configuration for <paramref name="options"/>.</summary>
    public static KubernetesClientConfiguration ClientConfiguration(KubernetesProviderOptions options) =>
        string.IsNullOrWhiteSpace(options.ApiServer)
            ? KubernetesClientConfiguration.InClusterConfig()
            : new KubernetesClientConfiguration { Host = options.ApiServer };

    public async Task StartMemberAsync(ProtoCluster cluster)
    {
        var podNamespace = Namespace();
        var (host, port) = cluster.System.GetAddress();
        var kinds = cluster.GetClusterKinds();
        var registration = new KubernetesPodRegistration(_client, _options.PodName!, podNamespace, _logger);
        await RegisterAsync(registration, cluster.Config.ClusterName, cluster.System.Id, host, port, kinds).ConfigureAwait(false);
        _registration = registration;
        StartWatching(cluster, podNamespace);
    }

    public Task StartClientAsync(ProtoCluster cluster)
    {
        StartWatching(cluster, Namespace());
        return Task.CompletedTask;
    }

    public async Task ShutdownAsync(bool graceful)
    {
        if (_watcher is not null)
            await _watcher.DisposeAsync().ConfigureAwait(false);
        if (_registration is not null)
        {
            // Best effort: if the API server is unreachable, the pod's deletion removes it from the others' lists anyway.
            using var deadline = new CancellationTokenSource(_options.RequestTimeout);
            try
            {
                await _registration.DeregisterAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                LogDeregistrationFailed(_logger, e, _options.PodName!);
            }
        }

        _client.Dispose();
    }

    // The API server may be briefly unavailable while the pod starts (a rolling upgrade of the control plane, RBAC not yet
    // propagated): retry within RegistrationTimeout, then fail the start so the pod restarts and the problem shows.
    private async Task RegisterAsync(KubernetesPodRegistration registration, string clusterName, string memberId, string host, int port, string[] kinds)
    {
        using var overall = new CancellationTokenSource(_options.RegistrationTimeout);
        var backoff = new RetryBackoff(_options.RetryDelayMin, _options.RetryDelayMax);
        for (var attempt = 1; ; attempt++)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(overall.Token);
            deadline.CancelAfter(_options.RequestTimeout);
            try
            {
                await registration.RegisterAsync(clusterName, memberId, host, port, kinds, _options.PodIp, deadline.Token).ConfigureAwait(false);
                return;
            }
            // Anything else (an advertised host that cannot be a label) is a configuration problem: retrying cannot help.
            catch (Exception e) when (e is HttpOperationException or HttpRequestException or IOException or OperationCanceledException)
            {
                LogRegistrationFailed(_logger, _options.PodName!, attempt, e.GetType().Name, e.Message);
                if (!await RetryBackoff.WaitAsync(backoff.Next(), overall.Token).ConfigureAwait(false))
                    throw new InvalidOperationException(
                        $"Could not label pod {_options.PodName} within {_options.RegistrationTimeout} (Cluster__Kubernetes__RegistrationTimeout). " +
                        "Check that the API server is reachable and that the pod's service account may get and patch pods.", e);
            }
        }
    }

    private void StartWatching(ProtoCluster cluster, string podNamespace)
    {
        _watcher = new KubernetesPodWatcher(
            _client, podNamespace, cluster.Config.ClusterName, cluster.System.Id, _options,
            members => cluster.MemberList.UpdateClusterTopology(members),
            _loggers.CreateLogger("EDRS.Cluster.Kubernetes.Watch"));
        _watcher.Start();
    }

    private string Namespace() =>
        _options.ResolveNamespace()
        ?? throw new InvalidOperationException("The pod's namespace is unknown: set Cluster__Kubernetes__Namespace (fieldRef metadata.namespace).");

    // Message only: the final failure carries the exception; every retry repeating its stack trace would be noise.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Labelling pod {Pod} failed (attempt {Attempt}, {ErrorType}: {Error}); retrying")]
    private static partial void LogRegistrationFailed(ILogger logger, string pod, int attempt, string errorType, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Removing the cluster labels from pod {Pod} failed; the others drop it when the pod is deleted")]
    private static partial void LogDeregistrationFailed(ILogger logger, Exception exception, string pod);
}
