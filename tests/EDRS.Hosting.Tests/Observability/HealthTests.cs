using System.Diagnostics;
using System.Net;
using System.Text.Json;
using EDRS.Testing;
using EDRS.Testing.Cluster;
using EDRS.Testing.Gateway;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EDRS.Hosting.Tests.Observability;

public sealed class HealthTests
{
    /// <summary>A connection string to a port where no PostgreSQL listens.</summary>
    private static string UnreachableDatabase() =>
        $"Host=127.0.0.1;Port={FreePorts.Next()};Username=postgres;Database=edrs;Timeout=2";

    private static readonly Dictionary<string, string?> NoSchemaAtStart = new() { ["Journal:ApplySchemaOnStart"] = "false" };

    [Fact]
    public async Task Liveness_answers_200_within_a_second_even_when_the_database_is_unreachable()
    {
        await using var gateway = await StartGatewayAsync(UnreachableDatabase(), NoSchemaAtStart);

        var watch = Stopwatch.StartNew();
        using var response = await gateway.Client.GetAsync("/health/liveness");
        watch.Stop();

        var body = await ReadAsync(response, HttpStatusCode.OK);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"liveness took {watch.Elapsed}");
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Equal(["status"], body.PropertyNames());
        Assert.Empty((await DetailAsync(gateway.MetricsUri, "/health/liveness", HttpStatusCode.OK)).GetProperty("checks").EnumerateObject());
    }

    [Fact]
    public async Task Readiness_is_200_when_postgres_answers_the_cluster_is_joined_and_the_journal_writers_run()
    {
        await using var database = await TestDatabase.CreateAsync("health");
        await using var gateway = await StartGatewayAsync(database.ConnectionString);

        using var response = await gateway.Client.GetAsync("/health/readiness");

        Assert.Equal(["status"], (await ReadAsync(response, HttpStatusCode.OK)).PropertyNames());
        var checks = (await DetailAsync(gateway.MetricsUri, "/health/readiness", HttpStatusCode.OK)).GetProperty("checks");
        Assert.Equal(["postgres", "cluster", "journal-writers"], checks.EnumerateObject().Select(c => c.Name));
        Assert.All(checks.EnumerateObject(), c => Assert.Equal("Healthy", c.Value.GetProperty("status").GetString()));
        Assert.Equal("1", checks.GetProperty("cluster").GetProperty("members").GetString());
    }

    [Fact]
    public async Task Readiness_is_503_naming_postgres_when_the_journal_database_is_unreachable()
    {
        await using var gateway = await StartGatewayAsync(UnreachableDatabase(), NoSchemaAtStart);

        using var response = await gateway.Client.GetAsync("/health/readiness");

        var body = await ReadAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Unhealthy", body.GetProperty("status").GetString());
        Assert.Equal(["status"], body.PropertyNames());
        var checks = (await DetailAsync(gateway.MetricsUri, "/health/readiness", HttpStatusCode.ServiceUnavailable)).GetProperty("checks");
        Assert.Equal("Unhealthy", checks.GetProperty("postgres").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("cluster").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("journal-writers").GetProperty("status").GetString());
        using var liveness = await gateway.Client.GetAsync("/health/liveness");
        Assert.Equal(HttpStatusCode.OK, liveness.StatusCode);
    }

    [Fact]
    public async Task Readiness_reuses_a_result_for_the_cache_period_so_probes_cannot_overload_the_database()
    {
        var database = await TestDatabase.CreateAsync("health_cache");
        await using var gateway = await StartGatewayAsync(database.ConnectionString, new Dictionary<string, string?>
        {
            // Long enough that twenty probes fit in it on a busy machine.
            ["Health:CacheDuration"] = "00:00:10",
        });
        using (var first = await gateway.Client.GetAsync("/health/readiness"))
            await ReadAsync(first, HttpStatusCode.OK);
        var checkedAt = await PostgresCheckedAtAsync(gateway);

        // The database disappears; for the rest of the period every probe gets the answer already known.
        await database.DisposeAsync();
        var gone = Stopwatch.StartNew();
        for (var i = 0; i < 20; i++)
        {
            using var cached = await gateway.Client.GetAsync("/health/readiness");
            await ReadAsync(cached, HttpStatusCode.OK);
        }
        Assert.Equal(checkedAt, await PostgresCheckedAtAsync(gateway));
        Assert.True(gone.Elapsed < TimeSpan.FromSeconds(2), $"the cached probes took {gone.Elapsed}");

        // After the period, the next probe checks again and sees the outage.
        HttpStatusCode status;
        do
        {
            await Task.Delay(100);
            using var probe = await gateway.Client.GetAsync("/health/readiness");
            status = probe.StatusCode;
        }
        while (status == HttpStatusCode.OK && gone.Elapsed < TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.NotEqual(checkedAt, await PostgresCheckedAtAsync(gateway));
    }

    [Fact]
    public async Task Startup_is_504_until_the_host_has_started_and_200_after()
    {
        await using var database = await TestDatabase.CreateAsync("health_startup");
        var hold = new HoldStartup();
        await using var member = TestMember.Create(new MemberSpec
        {
            Journal = database.ConnectionString,
            ServesHttp = true,
            Services = services => services.AddSingleton<IHostedService>(hold),
        });

        var starting = member.StartAsync();
        try
        {
            await hold.Reached.WaitAsync(TimeSpan.FromSeconds(30));
            using (var early = await member.Http.GetAsync("/health/startup"))
                Assert.Equal(["status"], (await ReadAsync(early, HttpStatusCode.GatewayTimeout)).PropertyNames());
            var detail = await DetailAsync(member.MetricsUri, "/health/startup", HttpStatusCode.GatewayTimeout);
            Assert.Equal("Starting.", detail.GetProperty("checks").GetProperty("started").GetProperty("description").GetString());
            using (var alive = await member.Http.GetAsync("/health/liveness"))
                Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
            Assert.False(starting.IsCompleted);
        }
        finally
        {
            // Never leave the host half-started: disposing it waits for its start.
            hold.Release();
        }
        await starting.WaitAsync(TimeSpan.FromSeconds(30));

        using var late = await member.Http.GetAsync("/health/startup");
        await ReadAsync(late, HttpStatusCode.OK);
    }

    private static async Task<string?> PostgresCheckedAtAsync(GatewayFixture gateway)
    {
        using var metrics = new HttpClient();
        using var response = await metrics.GetAsync(new Uri(gateway.MetricsUri, "/health/readiness"));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return body.GetProperty("checks").GetProperty("postgres").GetProperty("checkedAt").GetString();
    }

    /// <summary>A probe with every check's detail, as the metrics port (operators, not the public) serves it.</summary>
    private static async Task<JsonElement> DetailAsync(Uri metricsUri, string probe, HttpStatusCode expected)
    {
        using var metrics = new HttpClient();
        using var response = await metrics.GetAsync(new Uri(metricsUri, probe));
        return await ReadAsync(response, expected);
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected} but got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The real gateway on <paramref name="journal"/>, its spans recorded.</summary>
    private static Task<GatewayFixture> StartGatewayAsync(string journal, IReadOnlyDictionary<string, string?>? settings = null) =>
        GatewayFixture.StartAsync(new GatewayOptions { Journal = journal, RecordsSpans = true, Settings = settings ?? new Dictionary<string, string?>() });
}
