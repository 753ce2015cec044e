using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace EDRS.Benchmarks.Workflows;

/// <summary>The workflow and tool endpoints of the gateway's REST edge, as a client of the benchmark's tenant calls them.</summary>
internal sealed class WorkflowRest(HttpClient http, string token)
{
    public async Task RegisterToolAsync(string body, CancellationToken cancellationToken = default) =>
        await SendAsync(HttpMethod.Post, "/api/v1/tools", body, null, HttpStatusCode.Created, cancellationToken).ConfigureAwait(false);

    public async Task RegisterTemplateAsync(string body, CancellationToken cancellationToken = default) =>
        await SendAsync(HttpMethod.Post, "/api/v1/workflows/templates", body, null, HttpStatusCode.Created, cancellationToken).ConfigureAwait(false);

    /// <summary>Starts a run of <paramref name="template"/>; the same <paramref name="idempotencyKey"/> again addresses the same run.</summary>
    /// <returns>The run's id.</returns>
    public async Task<string> StartAsync(string template, int n, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        var body = JsonSerializer.Serialize(new { template, input = new { n } });
        using var document = await SendAsync(HttpMethod.Post, "/api/v1/workflows", body, idempotencyKey, HttpStatusCode.Created, cancellationToken).ConfigureAwait(false);
        return document.RootElement.GetProperty("workflowId").GetString()!;
    }

    /// <summary>The run's status (running, completed, failed, cancelled) and when it finished.</summary>
    public async Task<(string Status, DateTimeOffset? FinishedAt)> GetAsync(string workflowId, CancellationToken cancellationToken = default)
    {
        using var document = await SendAsync(HttpMethod.Get, $"/api/v1/workflows/{workflowId}", null, null, HttpStatusCode.OK, cancellationToken).ConfigureAwait(false);
        var root = document.RootElement;
        return (root.GetProperty("status").GetString()!,
            root.TryGetProperty("finishedAt", out var finished) && finished.ValueKind == JsonValueKind.String ? finished.GetDateTimeOffset() : null);
    }

    public async Task SignalAsync(string workflowId, string name, string idempotencyKey, CancellationToken cancellationToken = default) =>
        (await SendAsync(HttpMethod.Post, $"/api/v1/workflows/{workflowId}/signals/{name}", """{"from":"harness"}""", idempotencyKey, HttpStatusCode.OK, cancellationToken)
            .ConfigureAwait(false)).Dispose();

    private async Task<JsonDocument> SendAsync(HttpMethod method, string path, string? body, string? idempotencyKey, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (idempotencyKey is not null)
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        if (body is not null)
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != expected)
            throw new HttpRequestException($"{method} {path} answered {(int)response.StatusCode}: {text}", null, response.StatusCode);
        return JsonDocument.Parse(text.Length == 0 ? "{}" : text);
    }
}
