using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EDRS.Cluster.Kubernetes.Tests.FakeKubernetesApi;

/// <summary>
/// A test double of the Kubernetes API server, written from the Kubernetes API documentation (the Pod resource of
/// core/v1, "API Concepts": list, watch with resourceVersion, allowWatchBookmarks and timeoutSeconds, watch events
/// ADDED/MODIFIED/DELETED/BOOKMARK/ERROR as newline-delimited JSON, 410 Gone; merge patch; Status objects for errors),
/// because no Kubernetes API server can run on this machine. It serves only what the cluster provider uses:
/// <c>GET</c> and <c>PATCH</c> (application/merge-patch+json) of one pod, and <c>LIST</c>/<c>WATCH</c> of pods by
/// label selector, on plain HTTP at 127.0.0.1. The provider runs against it unchanged: only the client's Host differs.
/// Tests inject faults (500s, silence, dropped streams) through its properties.
/// </summary>
public sealed class FakeKubernetesApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private int _expiredWatches;

    private FakeKubernetesApiServer(WebApplication app) => _app = app;

    public FakePodStore Pods { get; } = new();

    /// <summary>The base URL, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string Url { get; private set; } = "";

    /// <summary>How every request that arrives from now on is answered.</summary>
    public ApiFault Fault { get; set; }

    /// <summary>Open and new watches keep their connection but stop sending events: a hung watch, seen from the client.</summary>
    public bool WatchesHangSilently { get; set; }

    /// <summary>How many watches were answered with an ERROR event (410 Expired).</summary>
    public int ExpiredWatches => Volatile.Read(ref _expiredWatches);

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>A client configuration pointing at this server, as an operator would point one at <c>kubectl proxy</c>.</summary>
    public KubernetesClientConfiguration ClientConfiguration => new() { Host = Url };

    public static async Task<FakeKubernetesApiServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        // The test's output folder holds the gateway's appsettings (EDRS.Testing references the gateway): a double must not
        // read them, their Kestrel endpoints above all.
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FakeKubernetesApiServer(app);
        app.Use(server.RecordAndMisbehaveAsync);
        app.MapGet("/api/v1/namespaces/{namespace}/pods", server.ListOrWatchAsync);
        app.MapGet("/api/v1/namespaces/{namespace}/pods/{name}", server.GetAsync);
        app.MapMethods("/api/v1/namespaces/{namespace}/pods/{name}", ["PATCH"], server.PatchAsync);
        await app.StartAsync();
        server.Url = app.Urls.Single();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        Fault = ApiFault.None;
        Pods.DropWatches();
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(stopping.Token);
        await _app.DisposeAsync();
    }

    private async Task RecordAndMisbehaveAsync(HttpContext context, Func<Task> next)
    {
        var query = context.Request.Query;
        string? body = null;
        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            context.Request.EnableBuffering();
            body = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted);
            context.Request.Body.Position = 0;
        }

        _requests.Enqueue(new RecordedRequest(
            context.Request.Method,
            context.Request.Path.Value ?? "",
            IsTrue(query["watch"]),
            query["labelSelector"],
            query["resourceVersion"],
            context.Request.ContentType,
            body,
            DateTimeOffset.UtcNow));

        switch (Fault)
        {
            case ApiFault.ServerError:
                await WriteStatusAsync(context, HttpStatusCode.InternalServerError, "InternalError", "the fake API server was told to fail");
                return;
            case ApiFault.Hang:
                try
                {
                    await Task.Delay(Timeout.Infinite, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    // The client gave up, as it should.
                }

                return;
            default:
                await next();
                return;
        }
    }

    private async Task ListOrWatchAsync(HttpContext context, string @namespace)
    {
        var query = context.Request.Query;
        LabelSelector selector;
        try
        {
            selector = LabelSelector.Parse(query["labelSelector"]);
        }
        catch (FormatException e)
        {
            await WriteStatusAsync(context, HttpStatusCode.BadRequest, "BadRequest", e.Message);
            return;
        }

        if (IsTrue(query["watch"]))
        {
            await WatchAsync(context, @namespace, selector);
            return;
        }

        var (items, version) = Pods.List(@namespace, selector);
        var list = new JsonObject
        {
            ["kind"] = "PodList",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject { ["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture) },
            ["items"] = new JsonArray([.. items]),
        };
        await WriteJsonAsync(context, HttpStatusCode.OK, list);
    }

    private async Task WatchAsync(HttpContext context, string @namespace, LabelSelector selector)
    {
        var query = context.Request.Query;
        string? versionText = query["resourceVersion"];
        // "0" and absent both mean "from any version": the current state first, as ADDED events.
        long? from = string.IsNullOrEmpty(versionText) || versionText == "0" ? null : long.Parse(versionText, CultureInfo.InvariantCulture);
        var timeoutSeconds = int.TryParse(query["timeoutSeconds"], CultureInfo.InvariantCulture, out var seconds) ? seconds : 0;

        context.Response.StatusCode = (int)HttpStatusCode.OK;
        context.Response.ContentType = "application/json";
        var watch = Pods.Watch(@namespace, selector, from, IsTrue(query["allowWatchBookmarks"]));
        await context.Response.StartAsync(context.RequestAborted);
        if (watch is null)
        {
            Interlocked.Increment(ref _expiredWatches);
            var expired = new JsonObject
            {
                ["type"] = "ERROR",
                ["object"] = Status(HttpStatusCode.Gone, "Expired", $"too old resource version: {from} ({Pods.ResourceVersion})"),
            };
            await context.Response.WriteAsync(expired.ToJsonString() + "\n", context.RequestAborted);
            return;
        }

        using var timeout = timeoutSeconds > 0 ? new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds)) : new CancellationTokenSource();
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, timeout.Token, watch.Dropped);
        try
        {
            await foreach (var @event in watch.Events.ReadAllAsync(ended.Token))
            {
                if (WatchesHangSilently)
                    continue;
                await context.Response.WriteAsync(@event.ToJsonString() + "\n", ended.Token);
                await context.Response.Body.FlushAsync(ended.Token);
            }
        }
        catch (OperationCanceledException) when (watch.Dropped.IsCancellationRequested)
        {
            // Mid-stream: reset the connection instead of ending the chunked body cleanly.
            context.Abort();
        }
        catch (OperationCanceledException)
        {
            // timeoutSeconds elapsed (a clean end of the stream) or the client went away.
        }
        finally
        {
            Pods.Unwatch(watch);
        }
    }

    private async Task GetAsync(HttpContext context, string @namespace, string name)
    {
        var pod = Pods.Get(@namespace, name);
        if (pod is null)
            await WriteStatusAsync(context, HttpStatusCode.NotFound, "NotFound", $"pods \"{name}\" not found");
        else
            await WriteJsonAsync(context, HttpStatusCode.OK, pod);
    }

    private async Task PatchAsync(HttpContext context, string @namespace, string name)
    {
        // Only merge patch: the provider sends nothing else, and JSON Patch needs packages this project does not use.
        if (context.Request.ContentType?.StartsWith("application/merge-patch+json", StringComparison.Ordinal) != true)
        {
            await WriteStatusAsync(context, HttpStatusCode.UnsupportedMediaType, "UnsupportedMediaType",
                $"the fake API server only applies application/merge-patch+json (got {context.Request.ContentType})");
            return;
        }

        var patch = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var patched = Pods.Update(@namespace, name, pod =>
        {
            var metadata = (JsonObject)pod["metadata"]!;
            var (podName, uid) = (metadata["name"]!.GetValue<string>(), metadata["uid"]!.GetValue<string>());
            var result = (JsonObject)JsonMergePatch.Apply(pod, patch)!;
            // Identity fields cannot be patched.
            result["metadata"]!["name"] = podName;
            result["metadata"]!["uid"] = uid;
            result["metadata"]!["namespace"] = @namespace;
            return result;
        });
        if (patched is null)
            await WriteStatusAsync(context, HttpStatusCode.NotFound, "NotFound", $"pods \"{name}\" not found");
        else
            await WriteJsonAsync(context, HttpStatusCode.OK, patched);
    }

    private static JsonObject Status(HttpStatusCode code, string reason, string message) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["code"] = (int)code,
    };

    private static Task WriteStatusAsync(HttpContext context, HttpStatusCode code, string reason, string message) =>
        WriteJsonAsync(context, code, Status(code, reason, message));

    private static async Task WriteJsonAsync(HttpContext context, HttpStatusCode code, JsonObject body)
    {
        context.Response.StatusCode = (int)code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    private static bool IsTrue(string? value) => value is "true" or "1";
}
