using System.Globalization;
using System.Text.Json.Nodes;

namespace EDRS.Cluster.Kubernetes.Tests.FakeKubernetesApi;

/// <summary>
/// The pods of the fake API server, with the semantics the Kubernetes API documentation gives them ("API Concepts":
/// resource versions, efficient detection of changes, watch bookmarks; "Labels and Selectors"):
/// every change takes the next resource version; a watch from resource version N first replays the changes after N
/// (410 Gone when N is older than the retained history), then streams live changes; for a watch with a label selector,
/// an object that starts matching arrives as ADDED, one that stops matching as DELETED (its previous content with the
/// new resource version), as the API server's watch cache does. Tests act as the kubelet and the controllers: they
/// create pods, change their status and delete them here.
/// </summary>
public sealed class FakePodStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Namespace, string Name), JsonObject> _pods = [];
    private readonly List<(long Version, string Namespace, JsonObject? Old, JsonObject? New)> _history = [];
    private readonly List<PodWatch> _watches = [];
    private long _version = 1000;
    private long _oldestReplayable = 1000;

    /// <summary>The latest resource version.</summary>
    public long ResourceVersion
    {
        get
        {
            lock (_gate)
                return _version;
        }
    }

    public JsonObject Create(string podNamespace, JsonObject pod)
    {
        lock (_gate)
        {
            var stored = (JsonObject)pod.DeepClone();
            var metadata = stored["metadata"] as JsonObject ?? throw new ArgumentException("a pod needs metadata");
            var name = metadata["name"]!.GetValue<string>();
            if (_pods.ContainsKey((podNamespace, name)))
                throw new InvalidOperationException($"pod {podNamespace}/{name} already exists");
            metadata["namespace"] = podNamespace;
            metadata["uid"] = Guid.NewGuid().ToString();
            metadata["creationTimestamp"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            Commit(podNamespace, name, old: null, stored);
            return (JsonObject)stored.DeepClone();
        }
    }

    public JsonObject? Get(string podNamespace, string name)
    {
        lock (_gate)
            return _pods.TryGetValue((podNamespace, name), out var pod) ? (JsonObject)pod.DeepClone() : null;
    }

    /// <summary>Changes a pod as the kubelet or a client would; null when there is no such pod.</summary>
    public JsonObject? Update(string podNamespace, string name, Func<JsonObject, JsonObject> change)
    {
        lock (_gate)
        {
            if (!_pods.TryGetValue((podNamespace, name), out var old))
                return null;
            var updated = change((JsonObject)old.DeepClone());
            Commit(podNamespace, name, old, updated);
            return (JsonObject)updated.DeepClone();
        }
    }

    public bool Delete(string podNamespace, string name)
    {
        lock (_gate)
        {
            if (!_pods.TryGetValue((podNamespace, name), out var old))
                return false;
            Commit(podNamespace, name, old, updated: null);
            return true;
        }
    }

    public (List<JsonObject> Items, long ResourceVersion) List(string podNamespace, LabelSelector selector)
    {
        lock (_gate)
        {
            var items = _pods
                .Where(p => p.Key.Namespace == podNamespace && selector.Matches(p.Value))
                .OrderBy(p => p.Key.Name, StringComparer.Ordinal)
                .Select(p => (JsonObject)p.Value.DeepClone())
                .ToList();
            return (items, _version);
        }
    }

    /// <summary>Opens a watch; null when <paramref name="fromVersion"/> is older than the history kept (410 Gone).</summary>
    public PodWatch? Watch(string podNamespace, LabelSelector selector, long? fromVersion, bool bookmarks)
    {
        lock (_gate)
        {
            if (fromVersion is { } from && from < _oldestReplayable)
                return null;
            var watch = new PodWatch(podNamespace, selector, bookmarks);
            if (fromVersion is { } since)
            {
                foreach (var change in _history.Where(h => h.Version > since && h.Namespace == podNamespace))
                    Deliver(watch, change.Version, change.Old, change.New);
            }
            else
            {
                // Without a resource version a watch starts with the current state as ADDED events.
                foreach (var pod in _pods.Where(p => p.Key.Namespace == podNamespace && selector.Matches(p.Value)))
                    watch.Send("ADDED", (JsonObject)pod.Value.DeepClone());
            }

            _watches.Add(watch);
            return watch;
        }
    }

    public void Unwatch(PodWatch watch)
    {
        lock (_gate)
            _watches.Remove(watch);
    }

    /// <summary>Forgets the change history (etcd compaction): watches from an older resource version get 410 Gone.</summary>
    public void Compact()
    {
        lock (_gate)
        {
            _history.Clear();
            _oldestReplayable = _version;
        }
    }

    /// <summary>Sends a BOOKMARK carrying the current resource version to every watch that asked for bookmarks.</summary>
    public long Bookmark()
    {
        lock (_gate)
        {
            foreach (var watch in _watches.Where(w => w.Bookmarks))
                watch.Send("BOOKMARK", new JsonObject
                {
                    ["kind"] = "Pod",
                    ["apiVersion"] = "v1",
                    ["metadata"] = new JsonObject { ["resourceVersion"] = Version(_version) },
                });
            return _version;
        }
    }

    /// <summary>How many watches are open.</summary>
    public int OpenWatches
    {
        get
        {
            lock (_gate)
                return _watches.Count;
        }
    }

    /// <summary>Ends every open watch cleanly, after the events already sent to it.</summary>
    public int EndWatches()
    {
        lock (_gate)
        {
            var ended = _watches.ToList();
            _watches.Clear();
            foreach (var watch in ended)
                watch.End();
            return ended.Count;
        }
    }

    /// <summary>Breaks every open watch connection mid-stream.</summary>
    public int DropWatches()
    {
        lock (_gate)
        {
            var dropped = _watches.ToList();
            _watches.Clear();
            foreach (var watch in dropped)
                watch.Drop();
            return dropped.Count;
        }
    }

    private void Commit(string podNamespace, string name, JsonObject? old, JsonObject? updated)
    {
        var version = ++_version;
        if (updated is null)
        {
            _pods.Remove((podNamespace, name));
        }
        else
        {
            updated["metadata"]!["resourceVersion"] = Version(version);
            _pods[(podNamespace, name)] = updated;
        }

        _history.Add((version, podNamespace, old, updated));
        foreach (var watch in _watches.Where(w => w.Namespace == podNamespace))
            Deliver(watch, version, old, updated);
    }

    private static void Deliver(PodWatch watch, long version, JsonObject? old, JsonObject? updated)
    {
        var oldMatches = watch.Selector.Matches(old);
        var newMatches = watch.Selector.Matches(updated);
        if (newMatches)
        {
            watch.Send(oldMatches ? "MODIFIED" : "ADDED", (JsonObject)updated!.DeepClone());
        }
        else if (oldMatches)
        {
            var gone = (JsonObject)old!.DeepClone();
            gone["metadata"]!["resourceVersion"] = Version(version);
            watch.Send("DELETED", gone);
        }
    }

    private static string Version(long version) => version.ToString(CultureInfo.InvariantCulture);
}
