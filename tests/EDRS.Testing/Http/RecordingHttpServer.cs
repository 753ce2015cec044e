using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EDRS.Testing.Http;

/// <summary>
/// A real HTTP server on a loopback port (Kestrel) that tools and webhooks call in tests and benchmarks: it records every
/// request and answers as <see cref="Respond"/> says (200 <c>{"ok":true}</c> by default). It behaves as a well-made
/// receiver does with <c>Idempotency-Key</c>: the first request with a key has the effect (<see cref="Effects"/>), a
/// repeat gets the first answer again and has none, so tests and the fault harness can count effects per key.
/// </summary>
public sealed class RecordingHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (int Status, string Body)> _firstAnswers = new(StringComparer.Ordinal);

    private RecordingHttpServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    /// <summary><c>http://127.0.0.1:{port}</c>.</summary>
    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary>Every request, in arrival order.</summary>
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Requests that had an effect: the first with each idempotency key that was answered 2xx (and every one without a key).</summary>
    public ConcurrentQueue<RecordedRequest> Effects { get; } = new();

    /// <summary>How each request is answered (called once per request; the default answers 200).</summary>
    public Func<RecordedRequest, ScriptedResponse> Respond { get; set; } = _ => new ScriptedResponse();

    public static async Task<RecordingHttpServer> StartAsync()
    {
        var port = FreePorts.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Configuration.DropAppSettings();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new RecordingHttpServer(app, port);
        app.Run(server.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        return server;
    }

    /// <summary>Requests to <paramref name="path"/>.</summary>
    public IReadOnlyList<RecordedRequest> To(string path) => [.. Requests.Where(r => r.Path == path)];

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var request = new RecordedRequest(context.Request.Method, context.Request.Path.Value ?? "", context.Request.QueryString.Value ?? "", headers, body, DateTimeOffset.UtcNow);
        Requests.Enqueue(request);
        if (request.IdempotencyKey is { } key && _firstAnswers.TryGetValue(key, out var first))
        {
            await WriteAsync(context, first.Status, first.Body, "application/json").ConfigureAwait(false);
            return;
        }
        var answer = Respond(request);
        if (answer.Delay > TimeSpan.Zero)
            await Task.Delay(answer.Delay, context.RequestAborted).ConfigureAwait(false);
        if (answer.Status is >= 200 and < 300 && (request.IdempotencyKey is not { } k || _firstAnswers.TryAdd(k, (answer.Status, answer.Body))))
            Effects.Enqueue(request);
        await WriteAsync(context, answer.Status, answer.Body, answer.ContentType).ConfigureAwait(false);
    }

    private static async Task WriteAsync(HttpContext context, int status, string body, string contentType)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
