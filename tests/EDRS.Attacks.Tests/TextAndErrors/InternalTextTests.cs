using System.Net;
using System.Text.Json;
using EDRS.Testing;
using EDRS.Testing.Gateway;
using static EDRS.Testing.Gateway.Api;
using static EDRS.Testing.Gateway.InboundApi;

namespace EDRS.Attacks.Tests.TextAndErrors;

/// <summary>
/// Error bodies tell callers what went wrong in their terms: never stream keys, SQL states, exception types or stack
/// text (those go to the log, with the trace id the body carries). And readiness tells the public only whether the
/// host can take traffic; its per-check detail is for operators, on the metrics port.
/// </summary>
public sealed class InternalTextTests(PoisonGateway gateway) : IClassFixture<PoisonGateway>
{
    public static TheoryData<string, string, string?> Provocations => new()
    {
        // method, path, body: each answers some 4xx or 5xx (the batch: 200 with a refused item)
        { "POST", $"{PersonasPath}/leak/people/bob/facts", """{"kind":"note","text":"a\u0000b"}""" },
        { "POST", "/api/v1/events", Poisoned("""{"note":"a\u0000b"}""") },
        { "POST", "/api/v1/events", Poisoned("""{"n":1e200000}""") },
        { "POST", "/api/v1/events/batch", """{"events":[""" + Poisoned("""{"n":1e200000}""") + "]}" },
        { "POST", "/api/v1/events", Poisoned("""{"note":"\udc00"}""") },
        { "GET", $"{PersonasPath}/nobody", null },
        { "GET", $"{PersonasPath}/ada%0A", null },
        { "GET", $"{PersonasPath}/bad%20id", null },
        { "POST", PersonasPath, Profile("leak") },
        { "POST", PersonasPath, """{"name":""" },
        { "POST", PersonasPath, """{"name":42}""" },
        { "GET", $"{PersonasPath}/leak/people/nobody", null },
        { "PUT", $"{PersonasPath}/leak/people/bob/facts/99", """{"text":"x"}""" },
        { "GET", "/api/v1/events/not-an-id", null },
        { "GET", $"/api/v1/events/{NewEventId()}", null },
        { "POST", $"{PersonasPath}/leak/inbox/{NewEventId()}/complete", "{}" },
        { "GET", "/api/v1/sessions/s-nobody", null },
        { "GET", "/api/v1/nothing-here", null },
    };

    [Theory]
    [MemberData(nameof(Provocations))]
    public async Task No_error_body_shows_internal_text(string method, string path, string? body)
    {
        await gateway.Client.HireIfAbsentAsync("leak");

        using var response = await gateway.Client.SendAsync(new HttpMethod(method), path, body);
        var text = await response.Content.ReadAsStringAsync();

        InternalText.AssertNone($"{method} {path}", (int)response.StatusCode, text);
        if ((int)response.StatusCode >= 500)
            Assert.Equal(JsonValueKind.String, JsonDocument.Parse(text).RootElement.GetProperty("traceId").ValueKind);
    }

    [Fact]
    public async Task A_stopped_database_is_a_503_without_internal_text_and_public_readiness_shows_only_the_status()
    {
        await using var database = await TestDatabase.CreateAsync("leak");
        await using var own = await GatewayFixture.StartAsync(new GatewayOptions { Journal = database.ConnectionString, Settings = new Dictionary<string, string?> { ["Health:CacheDuration"] = "00:00:00" } });
        var client = own.Client;
        await client.HireAsync("active");
        await client.HireAsync("asleep");
        await own.RestartAsync(); // nothing active: "asleep" has to be recovered from the journal
        client = own.Client;
        await client.GetJsonAsync($"{PersonasPath}/active");
        var e = Event();
        await client.PublishAsync(e);

        await database.RefuseConnectionsAsync();
        try
        {
            var requests = new (string Method, string Path, string? Body)[]
            {
                ("POST", $"{PersonasPath}/active/people/bob/facts", Fact()),
                ("GET", $"{PersonasPath}/asleep", null),
                ("GET", $"/api/v1/events/{e["eventId"]}", null),
                ("GET", PersonasPath, null),
                ("POST", "/api/v1/events", JsonSerializer.Serialize(Event())),
                ("GET", "/health/readiness", null),
            };
            foreach (var (method, path, body) in requests)
            {
                using var response = await client.SendAsync(new HttpMethod(method), path, body);
                var text = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{method} {path} answered {(int)response.StatusCode}: {text}");
                InternalText.AssertNone($"{method} {path}", 503, text);
                if (path == "/health/readiness")
                    Assert.Equal(["status"], JsonDocument.Parse(text).RootElement.PropertyNames());
            }
        }
        finally
        {
            await database.AcceptConnectionsAsync();
        }
    }

    [Fact]
    public async Task Readiness_detail_is_served_on_the_metrics_port_only()
    {
        using var publicAnswer = await gateway.Anonymous.GetAsync("/health/readiness");
        var publicBody = await publicAnswer.ReadJsonAsync(HttpStatusCode.OK);
        using var metrics = new HttpClient();
        using var detailAnswer = await metrics.GetAsync(new Uri(gateway.MetricsUri, "/health/readiness"));
        var detail = await detailAnswer.ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(["status"], publicBody.PropertyNames());
        Assert.Equal("Healthy", publicBody.GetProperty("status").GetString());
        Assert.Equal(["postgres", "cluster", "journal-writers"], detail.GetProperty("checks").PropertyNames());
        Assert.True(detail.GetProperty("checks").GetProperty("cluster").TryGetProperty("memberId", out _));
    }

    private static string Poisoned(string payload) =>
        JsonSerializer.Serialize(Event()).Replace("{\"ticket\":42}", payload, StringComparison.Ordinal);
}
