using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace EDRS.Cluster.Kubernetes.Tests.FakeKubernetesApi;

/// <summary>One open watch: the events owed to one watching client, in resource-version order.</summary>
public sealed class PodWatch(string podNamespace, LabelSelector selector, bool bookmarks)
{
    private readonly Channel<JsonObject> _events = Channel.CreateUnbounded<JsonObject>();
    private readonly CancellationTokenSource _dropped = new();

    public string Namespace { get; } = podNamespace;

    public LabelSelector Selector { get; } = selector;

    public bool Bookmarks { get; } = bookmarks;

    public ChannelReader<JsonObject> Events => _events.Reader;

    /// <summary>Fires when the test drops the connection mid-stream.</summary>
    public CancellationToken Dropped => _dropped.Token;

    public void Send(string type, JsonObject pod) => _events.Writer.TryWrite(new JsonObject { ["type"] = type, ["object"] = pod });

    public void Drop() => _dropped.Cancel();

    /// <summary>Ends the stream cleanly after the events already queued, as the API server does at timeoutSeconds.</summary>
    public void End() => _events.Writer.TryComplete();
}
