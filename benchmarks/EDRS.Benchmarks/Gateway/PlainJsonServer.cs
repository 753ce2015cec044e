using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EDRS.Benchmarks.Gateway;

/// <summary>
/// The baseline: plain Kestrel with one minimal-API route, in a process of its own like the gateway, answering
/// every <c>GET /api/v1/personas/{id}</c> with the JSON the gateway gave for a persona. No auth, no grain.
/// </summary>
internal static class PlainJsonServer
{
    public static async Task<int> RunAsync(int port, string jsonFile)
    {
        var json = await File.ReadAllBytesAsync(jsonFile).ConfigureAwait(false);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.MapGet("/api/v1/personas/{personaId}", (HttpContext context, string personaId) =>
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            context.Response.ContentLength = json.Length;
            return context.Response.Body.WriteAsync(json).AsTask();
        });
        await app.RunAsync().ConfigureAwait(false);
        return 0;
    }
}
