using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EDRS.Models.Tests.Inference;

/// <summary>
/// A test double of an OpenAI-compatible server (vLLM, Ollama, TGI are not installable here): it answers
/// <c>POST /v1/chat/completions</c> with <c>stream=true</c> as those servers do — server-sent events of
/// <c>chat.completion.chunk</c> objects, one per word of a fixed reply, a usage chunk, then <c>[DONE]</c> — and records
/// what it was asked. Only the wire format is doubled; the backend code under test is the production one.
/// </summary>
public sealed class OpenAiServerDouble : IAsyncDisposable
{
    public const string Reply = "Hello from the model server";

    private readonly WebApplication _app;

    private OpenAiServerDouble(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    public List<JsonDocument> Requests { get; } = [];

    public static async Task<OpenAiServerDouble> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        // The test's output folder holds the gateway's appsettings (EDRS.Testing references the gateway): a double must not
        // read them, their Kestrel endpoints above all.
        builder.Configuration.Sources.Clear();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new OpenAiServerDouble(app);
        app.MapPost("/v1/chat/completions", server.CompleteAsync);
        await app.StartAsync();
        server.BaseUrl = $"{app.Urls.First()}/v1";
        return server;
    }

    private async Task CompleteAsync(HttpContext context)
    {
        var request = await JsonDocument.ParseAsync(context.Request.Body);
        lock (Requests)
            Requests.Add(request);
        context.Response.ContentType = "text/event-stream";
        var words = Reply.Split(' ');
        for (var i = 0; i < words.Length; i++)
        {
            var content = i == 0 ? words[i] : " " + words[i];
            await WriteAsync(context, new
            {
                id = "chatcmpl-double",
                @object = "chat.completion.chunk",
                created = 1_700_000_000,
                model = "double-model",
                choices = new[] { new { index = 0, delta = new { role = "assistant", content }, finish_reason = (string?)null } },
            });
        }
        await WriteAsync(context, new
        {
            id = "chatcmpl-double",
            @object = "chat.completion.chunk",
            created = 1_700_000_000,
            model = "double-model",
            choices = new[] { new { index = 0, delta = new { }, finish_reason = "stop" } },
            usage = new { prompt_tokens = 7, completion_tokens = words.Length, total_tokens = 7 + words.Length },
        });
        await context.Response.WriteAsync("data: [DONE]\n\n");
    }

    private static async Task WriteAsync(HttpContext context, object chunk)
    {
        await context.Response.WriteAsync($"data: {JsonSerializer.Serialize(chunk)}\n\n");
        await context.Response.Body.FlushAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        foreach (var request in Requests)
            request.Dispose();
    }
}
