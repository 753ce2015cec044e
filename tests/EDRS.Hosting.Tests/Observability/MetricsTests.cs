using System.Net;
using EDRS.Hosting.Observability;
using EDRS.Testing;
using EDRS.Testing.Gateway;

namespace EDRS.Hosting.Tests.Observability;

public sealed class MetricsTests : IAsyncLifetime
{
    private const string FactsRoute = "http_route=\"/api/v1/personas/{personaId}/people/{personId}/facts\"";
    private const string RememberFact = "method=\"/edrs.personas.v1.PersonaGrain/RememberFact\"";

    private readonly HttpClient _scraper = new();
    private TestDatabase _database = null!;
    private GatewayFixture _gateway = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("metrics");
        _gateway = await GatewayFixture.StartAsync(new GatewayOptions { Journal = _database.ConnectionString });
    }

    public async Task DisposeAsync()
    {
        _scraper.Dispose();
        await _gateway.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task The_metrics_port_serves_prometheus_text_with_http_grain_journal_and_runtime_metrics()
    {
        await _gateway.Client.HireAsync("metrics-ada");
        await _gateway.Client.RememberAsync("metrics-ada", "bob", Api.Fact("note", "Prefers mornings."));

        using var response = await _scraper.GetAsync(_gateway.MetricsUri);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var names = PrometheusText.Names(text);
        string[] expected =
        [
            // HTTP (REST and gRPC alike) request rate and latency
            "http_server_request_duration_seconds_bucket", "http_server_request_duration_seconds_count",
            // grains: activations, calls per kind with latency
            "edrs_grain_activations_total", "edrs_grain_call_duration_milliseconds_bucket",
            // journal: append latency, group-commit batch sizes
            "edrs_journal_append_duration_milliseconds_bucket", "edrs_journal_batch_size_bucket",
            // runtime and the database client
            "dotnet_process_cpu_time_seconds_total", "dotnet_gc_heap_total_allocated_bytes_total", "dotnet_thread_pool_thread_count_total",
            "db_client_operation_duration_seconds_bucket",
        ];
        Assert.All(expected, name => Assert.True(names.Contains(name), $"{name} is missing; present: {string.Join(' ', names.Order())}"));
        Assert.True(PrometheusText.Sum(text, "edrs_grain_call_duration_milliseconds_count", "kind=\"persona\"", RememberFact) >= 1,
            string.Join('\n', text.Split('\n').Where(l => l.StartsWith("edrs_grain_call_duration_milliseconds_count", StringComparison.Ordinal))));
    }

    [Fact]
    public async Task Metric_values_move_with_traffic()
    {
        await _gateway.Client.HireAsync("moving-0");
        await _gateway.Client.RememberAsync("moving-0", "bob", Api.Fact("note", "First."));
        var before = await ScrapeAsync();

        for (var i = 1; i <= 3; i++)
            await _gateway.Client.HireAsync($"moving-{i}");
        for (var i = 0; i < 5; i++)
            await _gateway.Client.RememberAsync("moving-0", "bob", Api.Fact("note", $"Fact {i}."));
        EdgeMetrics.RateLimitRejections.Add(2, new KeyValuePair<string, object?>("tier", "standard"), new KeyValuePair<string, object?>("protocol", "http"));

        (string Name, string[] Labels, double AtLeast)[] expectations =
        [
            ("http_server_request_duration_seconds_count", [FactsRoute, "http_request_method=\"POST\""], 5),
            ("edrs_grain_call_duration_milliseconds_count", [RememberFact], 5),
            ("edrs_grain_activations_total", ["kind=\"persona\""], 3),
            ("edrs_journal_append_duration_milliseconds_count", [], 8),
            ("edrs_journal_batch_size_count", [], 1),
            ("edrs_ratelimit_rejections_total", ["tier=\"standard\""], 2),
            ("dotnet_process_cpu_time_seconds_total", [], double.Epsilon),
        ];
        // The exporter may answer from a scrape cache of a few hundred milliseconds, and a grain records its call
        // just after replying: scrape until everything has moved.
        await Eventually.AssertAsync(async () =>
        {
            var after = await ScrapeAsync();
            Assert.All(expectations, e => Assert.True(Moved(before, after, e.Name, e.Labels) >= e.AtLeast,
                $"{e.Name}{{{string.Join(',', e.Labels)}}} moved {Moved(before, after, e.Name, e.Labels)}, expected at least {e.AtLeast}"));
        }, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task Metrics_answer_only_on_the_metrics_port_and_nothing_else_does()
    {
        using var onPublicPort = await _gateway.Client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.NotFound, onPublicPort.StatusCode);

        // The health probes are served there too, with their detail (HealthTests); nothing of the API is.
        foreach (var path in new[] { "/api/v1/personas/anyone", "/health/other", "/metrics/extra" })
        {
            using var onMetricsPort = await _scraper.GetAsync(new Uri(_gateway.MetricsUri, path));
            Assert.Equal(HttpStatusCode.NotFound, onMetricsPort.StatusCode);
        }
    }

    private async Task<string> ScrapeAsync()
    {
        using var response = await _scraper.GetAsync(_gateway.MetricsUri);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static double Moved(string before, string after, string name, params string[] labels) =>
        PrometheusText.Sum(after, name, labels) - PrometheusText.Sum(before, name, labels);
}
