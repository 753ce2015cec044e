// Hand-written rather than depending on the Proto.Cluster.Kubernetes package, whose contract it keeps. Same idea (list, then watch pods by the cluster
// label), with what that package leaves out: resuming a watch from the last resourceVersion (bookmarks included),
// re-listing after an ERROR event (410 Gone), backoff between attempts, a deadline on every call, and a periodic full
// re-list so a watch that hangs without a word cannot freeze the topology.
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Proto.Cluster;

namespace EDRS.Cluster.Kubernetes;

/// <summary>
/// Keeps the member list of one cluster from the pods labelled <c>cluster.proto.actor/cluster={name}</c> in one
/// namespace, and hands every changed member list to <c>publish</c> (the provider passes
/// <c>MemberList.UpdateClusterTopology</c>).
/// </summary>
/// <remarks>
/// When the API server fails or times out, nothing is published: Proto.Cluster blocks every member that leaves the
/// topology for good, so dropping members because the API server is unwell would shut healthy members down. The last
/// known topology stays until the API server answers again.
/// </remarks>
public sealed partial class KubernetesPodWatcher(
    IKubernetes client,
    string podNamespace,
    string clusterName,
    string selfMemberId,
    KubernetesProviderOptions options,
    Action<IReadOnlyCollection<Member>> publish,
    ILogger logger) : IAsyncDisposable
{
    private readonly Dictionary<string, V1Pod> _pods = [];
    private readonly string _selector = $"{ProtoClusterLabels.Cluster}={clusterName}";
    private readonly CancellationTokenSource _stop = new();
    private Member[]? _published;
    private string? _resourceVersion;
    private Task? _loop;

    private enum WatchEnd
    {
        /// <summary>The server ended the stream (its timeout): watch again from the last resource version.</summary>
        Closed,

        /// <summary>The request or the stream failed: watch again after a backoff.</summary>
        Failed,

        /// <summary>An ERROR event (e.g. 410 Gone: our resource version is too old): list again.</summary>
        Expired,

        /// <summary>Time for the periodic full list.</summary>
        Resync,
    }

    /// <summary>Starts listing and watching in the background.</summary>
    public void Start() => _loop ??= Task.Run(() => RunAsync(_stop.Token));

    /// <summary>Stops watching; nothing is published after this returns.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
            await _loop.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken stop)
    {
        var backoff = new RetryBackoff(options.RetryDelayMin, options.RetryDelayMax);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await ListAsync(stop).ConfigureAwait(false);
                backoff.Reset();
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogListFailed(logger, _published?.Length ?? 0, e.GetType().Name, e.Message);
                await RetryBackoff.WaitAsync(backoff.Next(), stop).ConfigureAwait(false);
                continue;
            }

            using var cycle = CancellationTokenSource.CreateLinkedTokenSource(stop);
            cycle.CancelAfter(options.ResyncInterval);
            await WatchUntilResyncAsync(backoff, cycle.Token).ConfigureAwait(false);
        }
    }

    private async Task ListAsync(CancellationToken stop)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stop);
        deadline.CancelAfter(options.RequestTimeout);
        var list = await client.CoreV1.ListNamespacedPodAsync(podNamespace, labelSelector: _selector, cancellationToken: deadline.Token)
            .ConfigureAwait(false);
        _pods.Clear();
        foreach (var pod in list.Items)
            _pods[Key(pod)] = pod;
        _resourceVersion = list.Metadata?.ResourceVersion;
        LogListed(logger, list.Items.Count, _resourceVersion ?? "");
        Publish();
    }

    private async Task WatchUntilResyncAsync(RetryBackoff backoff, CancellationToken cycle)
    {
        while (!cycle.IsCancellationRequested)
        {
            switch (await WatchOnceAsync(backoff, cycle).ConfigureAwait(false))
            {
                case WatchEnd.Expired:
                    // List again, but never in a tight loop should the API server keep answering 410.
                    await RetryBackoff.WaitAsync(options.RetryDelayMin, cycle).ConfigureAwait(false);
                    return;
                case WatchEnd.Resync:
                    return;
                case WatchEnd.Closed:
                    // A normal end (the server's timeout) is re-established at the smallest delay; never in a tight loop.
                    await RetryBackoff.WaitAsync(options.RetryDelayMin, cycle).ConfigureAwait(false);
                    break;
                case WatchEnd.Failed:
                    await RetryBackoff.WaitAsync(backoff.Next(), cycle).ConfigureAwait(false);
                    break;
            }
        }
    }

    private async Task<WatchEnd> WatchOnceAsync(RetryBackoff backoff, CancellationToken cycle)
    {
        KubernetesException? errorEvent = null;
        using var watch = CancellationTokenSource.CreateLinkedTokenSource(cycle);
        try
        {
            var events = client.CoreV1.WatchListNamespacedPodAsync(
                podNamespace,
                allowWatchBookmarks: true,
                labelSelector: _selector,
                resourceVersion: _resourceVersion,
                timeoutSeconds: (int)Math.Ceiling(options.ResyncInterval.TotalSeconds),
                onError: OnError,
                cancellationToken: watch.Token);
            await foreach (var (type, pod) in events.ConfigureAwait(false))
            {
                Apply(type, pod);
                backoff.Reset();
            }

            return errorEvent is null ? WatchEnd.Closed : WatchEnd.Expired;
        }
        catch (OperationCanceledException) when (errorEvent is not null)
        {
            LogWatchErrorEvent(logger, errorEvent.Status?.Code ?? 0, errorEvent.Status?.Reason ?? "", errorEvent.Status?.Message ?? "");
            return WatchEnd.Expired;
        }
        catch (Exception) when (cycle.IsCancellationRequested)
        {
            // The re-list is due, or the watcher is stopping: whatever the stream threw on the way out does not matter.
            return WatchEnd.Resync;
        }
        catch (Exception e)
        {
            LogWatchFailed(logger, _published?.Length ?? 0, e.GetType().Name, e.Message);
            return WatchEnd.Failed;
        }

        // The client reports ERROR events (a Status object, e.g. 410 Gone) here instead of yielding them; per the API
        // conventions the stream is useless after one, so stop reading and list again. A line that does not parse is
        // skipped: the next re-list repairs whatever it carried.
        void OnError(Exception e)
        {
            if (e is KubernetesException status)
            {
                errorEvent = status;
                watch.Cancel();
            }
            else
            {
                LogUnreadableEvent(logger, e);
            }
        }
    }

    private void Apply(WatchEventType type, V1Pod pod)
    {
        if (!string.IsNullOrEmpty(pod.Metadata?.ResourceVersion))
            _resourceVersion = pod.Metadata.ResourceVersion;
        switch (type)
        {
            case WatchEventType.Added:
            case WatchEventType.Modified:
                _pods[Key(pod)] = pod;
                break;
            case WatchEventType.Deleted:
                _pods.Remove(Key(pod));
                break;
            default:
                // BOOKMARK only moves the resource version on, so the next watch resumes from there.
                return;
        }

        Publish();
    }

    private void Publish()
    {
        var members = _pods.Values
            .Select(pod => PodMembers.ToMember(pod, clusterName, selfMemberId))
            .OfType<Member>()
            .DistinctBy(m => m.Id)
            .OrderBy(m => m.Id, StringComparer.Ordinal)
            .ToArray();
        if (_published is not null && members.SequenceEqual(_published))
            return;
        _published = members;
        LogTopology(logger, members.Length, string.Join(", ", members.Select(m => $"{m.Id}@{m.Address}")));
        try
        {
            publish(members);
        }
        catch (Exception e)
        {
            LogPublishFailed(logger, e);
        }
    }

    // The uid, not the name: a StatefulSet pod recreated under the same name is a different pod.
    private static string Key(V1Pod pod) => pod.Metadata?.Uid is { Length: > 0 } uid ? uid : pod.Metadata?.Name ?? "";

    [LoggerMessage(Level = LogLevel.Debug, Message = "Listed {Count} cluster pods at resource version {ResourceVersion}")]
    private static partial void LogListed(ILogger logger, int count, string resourceVersion);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster topology from Kubernetes: {Count} members ({Members})")]
    private static partial void LogTopology(ILogger logger, int count, string members);

    // Message only, no stack trace: during an API-server outage this repeats at every retry.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Listing cluster pods failed ({ErrorType}: {Error}); keeping the last known {Count} members and retrying")]
    private static partial void LogListFailed(ILogger logger, int count, string errorType, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watching cluster pods failed ({ErrorType}: {Error}); keeping the last known {Count} members and watching again")]
    private static partial void LogWatchFailed(ILogger logger, int count, string errorType, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "The pod watch ended with an ERROR event ({Code} {Reason}: {Message}); listing again")]
    private static partial void LogWatchErrorEvent(ILogger logger, int code, string reason, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped a watch event that could not be read")]
    private static partial void LogUnreadableEvent(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Handing the topology to the member list failed")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception);
}
