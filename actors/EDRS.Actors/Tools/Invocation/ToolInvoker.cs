using System.Buffers;
using System.Net;
using System.Text;
using System.Text.Json;
using EDRS.Actors.Outbound;
using EDRS.Actors.Tools.Invocation.BuiltIns;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace EDRS.Actors.Tools.Invocation;

/// <summary>
/// Calls a tenant's tools. An HTTP tool: its arguments are checked against its schema, its URL filled in, its headers and
/// secret (resolved now, by reference) set, and the call carries the logical attempt's <c>Idempotency-Key</c>; it goes
/// through the <see cref="HttpClientName"/> client, whose resilience pipeline (per tool: <see cref="PipelineKeyOf"/>) has
/// a circuit breaker and the tool's timeout. A built-in tool runs in this process. Never throws for the tool's own
/// failures: the <see cref="ToolCallResult"/> says what happened and whether a retry may help.
/// </summary>
public sealed class ToolInvoker(IHttpClientFactory http, ToolCatalog catalog, BuiltInTools builtIns, ISecretStore secrets, IOptions<ToolsOptions> options)
{
    /// <summary>The named HTTP client every tool call goes through (its pipeline is configured by the hosting layer).</summary>
    public const string HttpClientName = "edrs-tools";

    /// <summary>Where a request says which tool's pipeline (circuit breaker) it belongs to.</summary>
    public static readonly HttpRequestOptionsKey<string> PipelineKey = new("edrs.tool");

    /// <summary>The first buffer for a response of unknown length (it doubles as the body comes).</summary>
    private const int FirstBuffer = 4 * 1024;

    /// <summary>The per-call timeout the pipeline's timeout strategy reads.</summary>
    public static readonly ResiliencePropertyKey<TimeSpan> TimeoutKey = new("edrs.tool.timeout");

    /// <summary>The pipeline a request runs in: one per tenant and tool, so one failing tool opens its own circuit only.</summary>
    public static string PipelineKeyOf(HttpRequestMessage request) =>
        request.Options.TryGetValue(PipelineKey, out var key) ? key : request.RequestUri?.Authority ?? "";

    public async Task<ToolCallResult> InvokeAsync(ToolInvocation call, CancellationToken cancellationToken)
    {
        if (ToolNames.BuiltIn.Contains(call.Tool))
            return await InvokeBuiltInAsync(call, cancellationToken).ConfigureAwait(false);
        ToolSpec? tool;
        try
        {
            tool = await catalog.FindAsync(call.Tenant, call.Tool, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException ex)
        {
            return ToolCallResult.Unsent($"the tool registry could not be read: {ex.Status.Detail}");
        }
        if (tool is null)
            return ToolCallResult.Permanent($"no tool '{call.Tool}' is registered");
        if (ArgumentProblems(tool.ArgsSchema, call) is { } invalid)
            return invalid;
        return await CallAsync(tool, call, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ToolCallResult> InvokeBuiltInAsync(ToolInvocation call, CancellationToken cancellationToken)
    {
        if (builtIns.Find(call.Tool) is not { } tool)
            return ToolCallResult.Permanent($"the built-in tool '{call.Tool}' is not available in this installation");
        if (ArgumentProblems(tool.ArgsSchema, call) is { } invalid)
            return invalid;
        try
        {
            return await tool.InvokeAsync(call, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Aborted or StatusCode.ResourceExhausted)
        {
            return ToolCallResult.Transient($"{call.Tool}: {ex.Status.Detail}");
        }
        catch (RpcException ex)
        {
            return ToolCallResult.Permanent($"{call.Tool}: {ex.Status.Detail}");
        }
    }

    private static ToolCallResult? ArgumentProblems(string schema, ToolInvocation call)
    {
        var problems = JsonSchemas.Problems(JsonSchemas.Parse("argsSchema", schema), call.Args);
        return problems.Count == 0 ? null : ToolCallResult.Permanent($"the arguments of {call.Tool} do not match its schema: {string.Join("; ", problems)}");
    }

    private async Task<ToolCallResult> CallAsync(ToolSpec tool, ToolInvocation call, CancellationToken cancellationToken)
    {
        var url = UrlTemplates.Expand(tool.UrlTemplate, call.Args, out var missing);
        if (url is null)
            return ToolCallResult.Permanent($"the arguments of {tool.Name} lack '{missing}', which its URL needs");
        var withBody = tool.Method is not ("GET" or "DELETE");
        using var request = new HttpRequestMessage(new HttpMethod(tool.Method), withBody ? url : UrlTemplates.WithQuery(url, tool.UrlTemplate, call.Args));
        if (withBody)
            request.Content = new StringContent(call.Args.GetRawText(), Encoding.UTF8, "application/json");
        foreach (var (name, value) in tool.Headers)
            request.Headers.TryAddWithoutValidation(name, value);
        request.Headers.TryAddWithoutValidation("Idempotency-Key", call.IdempotencyKey);
        if (tool.SecretRef.Length > 0)
        {
            if (secrets.Find(call.Tenant, tool.SecretRef) is not { } secret)
                return ToolCallResult.Permanent($"the secret '{tool.SecretRef}' of {tool.Name} is not configured: set Secrets__{call.Tenant}__{tool.SecretRef}");
            request.Headers.TryAddWithoutValidation(tool.SecretHeader, tool.SecretScheme.Length > 0 ? $"{tool.SecretScheme} {secret}" : secret);
        }
        request.Options.Set(PipelineKey, $"{call.Tenant}/{tool.Name}");
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(TimeoutKey, TimeSpan.FromSeconds(tool.TimeoutSeconds));
        request.SetResilienceContext(context);
        try
        {
            using var client = http.CreateClient(HttpClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var body = await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
            var output = JsonSerializer.Serialize(new { status = (int)response.StatusCode, body }, JsonSerializerOptions.Web);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
                return ToolCallResult.Success(output);
            var error = $"{tool.Name} answered {status} {response.ReasonPhrase}";
            return status >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
                ? ToolCallResult.Transient(error, output)
                : ToolCallResult.Permanent(error, output);
        }
        catch (BrokenCircuitException ex)
        {
            return ToolCallResult.Unsent($"circuit open for tool {tool.Name}: it failed too often, calls resume after {ex.RetryAfter?.TotalSeconds ?? options.Value.BreakerBreakDuration.TotalSeconds:0.#} s");
        }
        catch (TimeoutRejectedException)
        {
            return ToolCallResult.Transient($"{tool.Name} did not answer within {tool.TimeoutSeconds} s");
        }
        catch (HttpRequestException ex) when (OutboundRefusedException.In(ex) is { } refused)
        {
            return ToolCallResult.Permanent($"{tool.Name} was not called: {refused.Message}");
        }
        catch (HttpRequestException ex)
        {
            return ToolCallResult.Transient($"{tool.Name} could not be reached: {ex.Message}");
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>The body as JSON when it is JSON, else as text; at most <see cref="ToolsOptions.MaxResponseBytes"/>.</summary>
    private async Task<object?> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxResponseBytes;
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        // The buffer fits the body (its Content-Length, else it grows as the body comes), up to one byte past the limit, which
        // tells a cut body: most answers are small, and a buffer of the whole limit for every call (1 MiB by default) cost
        // more CPU than the call itself.
        var capacity = response.Content.Headers.ContentLength is { } length ? (int)Math.Clamp(length + 1, 1, limit + 1L) : FirstBuffer;
        var body = new ArrayBufferWriter<byte>(capacity);
        while (body.WrittenCount <= limit)
        {
            var room = body.GetMemory(1);
            var n = await stream.ReadAsync(room[..Math.Min(room.Length, limit + 1 - body.WrittenCount)], cancellationToken).ConfigureAwait(false);
            if (n == 0)
                break;
            body.Advance(n);
        }
        var read = body.WrittenCount;
        if (read == 0)
            return null;
        var truncated = read > limit;
        var bytes = body.WrittenSpan[..Math.Min(read, limit)];
        if (!truncated)
        {
            try
            {
                using var document = JsonDocument.Parse(body.WrittenMemory);
                return document.RootElement.Clone();
            }
            catch (JsonException)
            {
                // Not JSON: kept as text.
            }
        }
        var text = Encoding.UTF8.GetString(bytes).Replace("\0", "", StringComparison.Ordinal);
        return truncated ? text + $"… (cut at {limit} bytes)" : text;
    }
}
