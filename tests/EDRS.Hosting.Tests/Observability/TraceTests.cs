using System.Diagnostics;
using System.Net;
using EDRS.Grains.Runtime;
using EDRS.Hosting.Cluster;
using EDRS.Testing;
using EDRS.Testing.Cluster;
using EDRS.Testing.Gateway;
using EDRS.Testing.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Proto;

namespace EDRS.Hosting.Tests.Observability;

public sealed class TraceTests
{
    private const string AspNetCore = "Microsoft.AspNetCore";

    [Fact]
    public async Task One_REST_call_is_one_trace_from_the_http_span_through_the_grain_to_the_journal_append()
    {
        await using var database = await TestDatabase.CreateAsync("traces");
        await using var gateway = await StartGatewayAsync(database.ConnectionString);

        await gateway.Client.HireAsync("trace-ada");

        var spans = gateway.Spans;
        var http = await spans.WaitForAsync(s => s.Source.Name == AspNetCore && s.Kind == ActivityKind.Server
            && ((string?)s.GetTagItem("http.route"))?.TrimEnd('/') == "/api/v1/personas" && (string?)s.GetTagItem("http.request.method") == "POST", "POST /api/v1/personas");
        var trace = http.TraceId;
        // Hiring also registers the persona with the tenant's routing table (a nested grain call in the same trace): pick the persona's spans.
        var client = await spans.WaitForAsync(s => s.TraceId == trace && s.Source.Name == GrainTracing.SourceName && s.Kind == ActivityKind.Client
            && s.DisplayName == "persona.Hire", "grain client");
        var server = await spans.WaitForAsync(s => s.TraceId == trace && s.Source.Name == GrainTracing.SourceName && s.Kind == ActivityKind.Server
            && s.DisplayName == "persona.Hire", "grain server");
        var append = await spans.WaitForAsync(s => s.TraceId == trace && s.DisplayName == "journal.append"
            && ((string?)s.GetTagItem("edrs.journal.stream"))?.StartsWith("persona/", StringComparison.Ordinal) == true, "journal.append");

        Assert.Equal("persona.Hire", client.DisplayName);
        Assert.Equal("persona.Hire", server.DisplayName);
        Assert.Equal(http.SpanId, client.ParentSpanId);
        Assert.Equal(client.SpanId, server.ParentSpanId);
        Assert.Equal(server.SpanId, append.ParentSpanId);
        Assert.Equal("persona", server.GetTagItem("edrs.grain.kind"));
        Assert.Equal($"{TestClients.Default}/trace-ada", server.GetTagItem("edrs.grain.identity"));
        Assert.Equal(0, server.GetTagItem("rpc.grpc.status_code"));
        Assert.Equal($"persona/{TestClients.Default}/trace-ada", append.GetTagItem("edrs.journal.stream"));
        Assert.Equal(0L, append.GetTagItem("edrs.journal.expected_version"));
        Assert.True(append.StartTimeUtc >= server.StartTimeUtc && append.StartTimeUtc + append.Duration <= server.StartTimeUtc + server.Duration);

        // The group commit that carried the append: its own trace, linked both ways, with the SQL statement under it.
        var commitLink = Assert.Single(append.Links);
        var commit = await spans.WaitForAsync(s => s.DisplayName == "journal.commit" && s.SpanId == commitLink.Context.SpanId, "journal.commit");
        Assert.Contains(commit.Links, l => l.Context.SpanId == server.SpanId && l.Context.TraceId == trace);
        await spans.WaitForAsync(s => s.Source.Name == "Npgsql" && s.ParentSpanId == commit.SpanId, "the batch statement under journal.commit");
        // The grain's recovery reads (snapshot, events) belong to the request's trace, under the grain span.
        await spans.WaitForAsync(s => s.Source.Name == "Npgsql" && s.TraceId == trace && s.ParentSpanId == server.SpanId, "a recovery read under the grain span");
    }

    [Fact]
    public async Task The_trace_context_travels_with_the_request_to_a_grain_on_another_member()
    {
        await using var database = await TestDatabase.CreateAsync("traces_remote");
        var memberSpans = new SpanLog();
        await using var member = await TestMember.StartAsync(new MemberSpec
        {
            Journal = database.ConnectionString,
            Provider = ClusterProviderKind.Seed,
            ServesHttp = true,
            Configure = builder => builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(memberSpans)),
        });
        var memberAddress = member.Cluster.System.Address;
        await using var gateway = await StartGatewayAsync(database.ConnectionString, new Dictionary<string, string?>
        {
            ["Journal:ApplySchemaOnStart"] = "false",
            ["Cluster:Provider"] = "Seed",
            ["Cluster:SeedAddress"] = member.Address,
            ["Cluster:HeartbeatExpiration"] = "00:00:02",
        });
        var gatewayAddress = gateway.Services.GetRequiredService<ActorSystem>().Address;

        // The gateway hosts no kinds; until it has seen the member's kinds, a call has nowhere to go.
        await Eventually.TrueAsync(async () =>
        {
            using var response = await gateway.Client.SendAsync(HttpMethod.Post, Api.PersonasPath, Api.Profile("remote-ada"));
            return response.StatusCode == HttpStatusCode.Created;
        }, "the gateway hires through the member", TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(200));

        // Both hosts live in this process, so either exporter sees every span; what links them is only the carried context.
        var spans = memberSpans;
        var http = await spans.WaitForAsync(s => s.Source.Name == AspNetCore && s.Kind == ActivityKind.Server
            && s.GetTagItem("http.response.status_code") is 201, "the 201 POST");
        var client = await spans.WaitForAsync(s => s.ParentSpanId == http.SpanId && s.Source.Name == GrainTracing.SourceName, "grain client");
        var server = await spans.WaitForAsync(s => s.ParentSpanId == client.SpanId && s.Kind == ActivityKind.Server, "grain server");
        var append = await spans.WaitForAsync(s => s.ParentSpanId == server.SpanId && s.DisplayName == "journal.append", "journal.append");

        Assert.Equal(http.TraceId, server.TraceId);
        Assert.Equal(http.TraceId, append.TraceId);
        Assert.True(server.HasRemoteParent);
        Assert.Equal(memberAddress, server.GetTagItem("edrs.member.address"));
        Assert.NotEqual(gatewayAddress, memberAddress);
    }

    [Fact]
    public async Task Grain_failures_are_tagged_errors_on_the_client_span_and_server_faults_only_on_the_grain_span()
    {
        await using var database = await TestDatabase.CreateAsync("traces_errors");
        await using var gateway = await StartGatewayAsync(database.ConnectionString);

        using var response = await gateway.Client.GetAsync($"{Api.PersonasPath}/nobody");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);

        var spans = gateway.Spans;
        var client = await spans.WaitForAsync(s => s.DisplayName == "persona.GetPersona" && s.Kind == ActivityKind.Client, "grain client");
        var server = await spans.WaitForAsync(s => s.ParentSpanId == client.SpanId, "grain server");
        Assert.Equal(ActivityStatusCode.Error, client.Status);
        Assert.Equal("NotFound", client.GetTagItem("error.type"));
        Assert.Equal(5, client.GetTagItem("rpc.grpc.status_code"));
        // NOT_FOUND is a correct answer from the grain's side: tagged, not an error there.
        Assert.Equal(5, server.GetTagItem("rpc.grpc.status_code"));
        Assert.Equal(ActivityStatusCode.Unset, server.Status);
    }

    [Fact]
    public async Task Probes_and_scrapes_leave_no_traces_while_api_calls_do()
    {
        await using var database = await TestDatabase.CreateAsync("traces_probes");
        await using var gateway = await StartGatewayAsync(database.ConnectionString);
        using var scraper = new HttpClient();

        foreach (var probe in new[] { "/health/liveness", "/health/readiness", "/health/startup" })
            (await gateway.Client.GetAsync(probe)).Dispose();
        (await scraper.GetAsync(gateway.MetricsUri)).Dispose();
        using (var api = await gateway.Client.GetAsync($"{Api.PersonasPath}/nobody"))
            Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);

        await gateway.Spans.WaitForAsync(s => s.Source.Name == AspNetCore && (string?)s.GetTagItem("url.path") == $"{Api.PersonasPath}/nobody", "the API call");
        var paths = gateway.Spans.Snapshot().Where(s => s.Source.Name == AspNetCore).Select(s => (string?)s.GetTagItem("url.path")).ToList();
        Assert.DoesNotContain(paths, p => p is not null && (p.StartsWith("/health", StringComparison.Ordinal) || p == "/metrics"));
    }

    /// <summary>The real gateway on <paramref name="journal"/>, its spans recorded.</summary>
    private static Task<GatewayFixture> StartGatewayAsync(string journal, IReadOnlyDictionary<string, string?>? settings = null) =>
        GatewayFixture.StartAsync(new GatewayOptions { Journal = journal, RecordsSpans = true, Settings = settings ?? new Dictionary<string, string?>() });
}
