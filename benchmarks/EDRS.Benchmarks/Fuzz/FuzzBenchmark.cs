using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EDRS.Benchmarks.Gateway;
using EDRS.Testing;
using EDRS.Testing.Models;

namespace EDRS.Benchmarks.Fuzz;

/// <summary>
/// <c>fuzz</c>: generated requests over every operation of the gateway's OpenAPI document (read from the running gateway,
/// so new endpoints are covered on their own), each a valid shape with one thing mutated (<see cref="FuzzRequestGenerator"/>),
/// against the real gateway binary on real PostgreSQL with auth on and the tiny model serving sessions. Passes when no
/// answer is 5xx, every request got an answer, and the gateway process is still alive and live afterwards. Deterministic
/// from its seed (printed); ends with <c>RESULT fuzz_requests=N server_errors=N</c>.
/// </summary>
internal static class FuzzBenchmark
{
    private const int DefaultRequests = 10_000;
    private const int DefaultSeed = 1313;
    private const int DefaultConnections = 8;
    private const int ShownFailures = 20;

    public static async Task<int> RunAsync(string[] args)
    {
        if (!TryParse(args, out var requests, out var seed, out var connections))
        {
            await Console.Error.WriteLineAsync("fuzz: usage: fuzz [--requests N] [--seed S] [--connections C]").ConfigureAwait(false);
            return 2;
        }
        var clock = Stopwatch.StartNew();
        await using var database = await TestDatabase.CreateAsync("fuzz").ConfigureAwait(false);
        await using var gateway = await GatewayProcess.StartAsync(database.ConnectionString, new Dictionary<string, string>
        {
            ["MODEL_PATH"] = TinyModel.Path,
            ["MODEL_CONTEXT_SIZE"] = "2048",
            ["Sessions__MaxReplyTokens"] = "4",
        }).ConfigureAwait(false);
        using var http = gateway.AuthorizedClient(TimeSpan.FromSeconds(120));
        var document = JsonNode.Parse(await http.GetStringAsync("/api/openapi.json").ConfigureAwait(false))!;
        var operations = OpenApiOperations.Read(document);
        var targets = await SetUpAsync(http).ConfigureAwait(false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fuzz: seed {seed}; {requests:N0} requests over the {operations.Count} operations of /api/openapi.json, {connections} connections; gateway pid {gateway.Process.Id}, set-up {clock.Elapsed.TotalSeconds:0.0} s"));

        var tally = new ConcurrentDictionary<string, OperationTally>();
        var failures = new ConcurrentQueue<string>();
        using var generated = new FuzzRequestGenerator(operations, targets, seed).Generate(int.MaxValue).GetEnumerator();
        var sent = 0;
        var unsendable = 0;
        await Parallel.ForAsync(0, connections, async (_, cancellationToken) =>
        {
            while (true)
            {
                FuzzRequest fuzz;
                lock (generated)
                {
                    if (sent >= requests || !generated.MoveNext())
                        return;
                    fuzz = generated.Current;
                    sent++;
                }
                using var request = ToHttp(gateway.BaseUrl, fuzz);
                if (request is null)
                {
                    // A URI no HTTP client can send (over its length limit): not a request, so another one is generated.
                    Interlocked.Increment(ref unsendable);
                    lock (generated)
                        sent--;
                    continue;
                }
                var counts = tally.GetOrAdd(fuzz.Operation, _ => new OperationTally());
                try
                {
                    using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                    var status = (int)response.StatusCode;
                    counts.Count(status);
                    if (status >= 500)
                        failures.Enqueue($"{status} {fuzz.Operation} [{fuzz.Mutation}]: {Shorten(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false))}");
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    counts.CountNoAnswer();
                    failures.Enqueue($"no answer {fuzz.Operation} [{fuzz.Mutation}]: {ex.GetType().Name}: {ex.Message}");
                }
            }
        }).ConfigureAwait(false);

        var alive = !gateway.Process.HasExited && await IsLiveAsync(gateway.BaseUrl).ConfigureAwait(false);
        Console.WriteLine();
        Console.WriteLine("| operation | requests | 2xx | 4xx | 5xx | no answer |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (name, counts) in tally.OrderBy(t => t.Key, StringComparer.Ordinal))
            Console.WriteLine($"| {name} | {counts.Total:N0} | {counts.Success:N0} | {counts.ClientErrors:N0} | {counts.ServerErrors:N0} | {counts.NoAnswer:N0} |");
        var total = tally.Values.Sum(c => c.Total);
        var serverErrors = tally.Values.Sum(c => c.ServerErrors + c.NoAnswer);
        Console.WriteLine();
        foreach (var failure in failures.Take(ShownFailures))
            Console.WriteLine($"  {failure}");
        if (serverErrors > 0 || !alive)
            Console.WriteLine($"gateway's last output:\n{gateway.Process.Output()}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fuzz: {total:N0} requests ({unsendable:N0} generated URIs too long to send, replaced), gateway {(alive ? "alive and live" : "NOT alive")}, {clock.Elapsed.TotalSeconds:0.0} s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT fuzz_requests={total} server_errors={serverErrors}"));
        return serverErrors == 0 && alive && total >= requests ? 0 : 1;
    }

    /// <summary>What the valid shapes point at: a hired persona with a fact about a person, an open session, an accepted event.</summary>
    private static async Task<FuzzTargets> SetUpAsync(HttpClient http)
    {
        const string persona = "fz-ada";
        const string person = "bob";
        await PostAsync(http, "/api/v1/personas", new { id = persona, name = "Ada", role = "Support", skills = new[] { "support" }, personality = "Calm.", handles = new[] { "support.*" } }).ConfigureAwait(false);
        var fact = await PostAsync(http, $"/api/v1/personas/{persona}/people/{person}/facts", new { kind = "preference", subject = "coffee", text = "Likes tea." }).ConfigureAwait(false);
        var session = await PostAsync(http, $"/api/v1/personas/{persona}/sessions", new { personId = person }).ConfigureAwait(false);
        var e = await PostAsync(http, "/api/v1/events", new
        {
            eventId = Guid.CreateVersion7().ToString("D"),
            source = "fuzz",
            eventType = "support.ticket_opened",
            priority = "normal",
            payload = new { ticket = 1 },
            occurredAt = DateTimeOffset.UtcNow,
        }).ConfigureAwait(false);
        return new FuzzTargets(new Dictionary<string, string>
        {
            ["personaId"] = persona,
            ["personId"] = person,
            ["factId"] = Value(fact, "factId"),
            ["sessionId"] = Value(session, "id"),
            ["eventId"] = Value(e, "eventId"),
            ["grant_type"] = "client_credentials",
            ["client_id"] = GatewayProcess.ClientId,
            ["client_secret"] = "not-the-secret",
        });
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, string path, object body)
    {
        using var response = await http.PostAsJsonAsync(path, body).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"fuzz set-up: POST {path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static string Value(JsonElement element, string name) =>
        element.GetProperty(name) is { ValueKind: JsonValueKind.String } value ? value.GetString()! : element.GetProperty(name).GetRawText();

    private static HttpRequestMessage? ToHttp(string baseUrl, FuzzRequest fuzz)
    {
        Uri uri;
        try
        {
            uri = new Uri(baseUrl + fuzz.PathAndQuery);
        }
        catch (UriFormatException)
        {
            return null;
        }
        var request = new HttpRequestMessage(new HttpMethod(fuzz.Method), uri);
        foreach (var (name, value) in fuzz.Headers)
            request.Headers.TryAddWithoutValidation(name, value);
        if (fuzz.Body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(fuzz.Body));
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(fuzz.ContentType ?? "application/json");
        }
        return request;
    }

    private static async Task<bool> IsLiveAsync(string baseUrl)
    {
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            using var response = await probe.GetAsync($"{baseUrl}/health/liveness").ConfigureAwait(false);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private static bool TryParse(string[] args, out int requests, out int seed, out int connections)
    {
        (requests, seed, connections) = (DefaultRequests, DefaultSeed, DefaultConnections);
        for (var i = 0; i < args.Length; i++)
        {
            var ok = i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0;
            switch (args[i])
            {
                case "--requests" when ok:
                    requests = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--seed" when ok:
                    seed = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--connections" when ok:
                    connections = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                default:
                    return false;
            }
        }
        return true;
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : $"{text[..300]}…";
}
