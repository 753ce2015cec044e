using System.Net;
using System.Text.Json;
using EDRS.Testing;
using EDRS.Testing.Gateway;
using EDRS.Testing.Http;
using static EDRS.Testing.Gateway.Api;

namespace EDRS.Hosts.Gateway.Tests.Webhooks;

/// <summary>
/// <c>/api/v1/webhooks</c> end to end with a real receiver on loopback: a subscription's secret is returned once and signs
/// every delivery, deliveries are inspectable, bad input is a 400 naming the field, changes need admin, and tenants never
/// see, remove or receive each other's.
/// </summary>
public sealed class WebhooksApiTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private const string WebhooksPath = "/api/v1/webhooks";

    private static async Task<JsonElement> SubscribeAsync(HttpClient client, object body)
    {
        using var response = await client.PostJsonAsync(WebhooksPath, body);
        return await response.ReadJsonAsync(HttpStatusCode.Created);
    }

    private static async Task<RecordedRequest> OnlyRequestAsync(RecordingHttpServer server, string path)
    {
        await Eventually.TrueAsync(() => server.To(path).Count > 0, $"a delivery to {path}");
        return Assert.Single(server.To(path));
    }

    [Fact]
    public async Task A_subscription_returns_its_secret_once_and_its_signed_deliveries_are_inspectable_until_it_is_removed()
    {
        await using var receiver = await RecordingHttpServer.StartAsync();
        var created = await SubscribeAsync(gateway.Client, new { url = $"{receiver.BaseUrl}/hired", eventTypes = new[] { "persona.hired" } });
        var id = created.GetProperty("id").GetString()!;
        var secret = created.GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        var listed = (await gateway.Client.GetJsonAsync(WebhooksPath)).GetProperty("items").EnumerateArray().Single(w => w.GetProperty("id").GetString() == id);
        Assert.False(listed.TryGetProperty("secret", out var listedSecret) && listedSecret.ValueKind != JsonValueKind.Null);
        Assert.Equal(["persona.hired"], (await gateway.Client.GetJsonAsync($"{WebhooksPath}/{id}")).GetProperty("eventTypes").EnumerateArray().Select(e => e.GetString()));

        var persona = await gateway.Client.HireAsync();

        var request = await OnlyRequestAsync(receiver, "/hired");
        Assert.True(request.IsSignedWith(secret), "the receiver verifies the signature with the secret it was given");
        Assert.Equal("persona.hired", request.Header("X-EDRS-Event-Type"));
        using (var body = JsonDocument.Parse(request.Body))
            Assert.EndsWith($"/{persona}", body.RootElement.GetProperty("stream").GetString(), StringComparison.Ordinal);
        var page = await Eventually.ValueAsync(() => gateway.Client.GetJsonAsync($"{WebhooksPath}/{id}/deliveries?status=delivered"),
            p => p.GetProperty("items").GetArrayLength() == 1, "the delivery to be recorded as delivered");
        var delivery = page.GetProperty("items")[0];
        Assert.Equal((request.IdempotencyKey, 1), (delivery.GetProperty("id").GetString(), delivery.GetProperty("attempts").GetInt32()));
        Assert.Equal(0, (await gateway.Client.GetJsonAsync($"{WebhooksPath}/{id}/deliveries?status=dead")).GetProperty("items").GetArrayLength());

        using (var removed = await gateway.Client.SendAsync(HttpMethod.Delete, $"{WebhooksPath}/{id}"))
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        using (var gone = await gateway.Client.SendAsync(HttpMethod.Get, $"{WebhooksPath}/{id}"))
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        using (var goneDeliveries = await gateway.Client.SendAsync(HttpMethod.Get, $"{WebhooksPath}/{id}/deliveries"))
            Assert.Equal(HttpStatusCode.NotFound, goneDeliveries.StatusCode);
    }

    [Fact]
    public async Task A_create_retried_under_its_Idempotency_Key_makes_one_subscription_and_gets_its_answer_again()
    {
        var key = $"wh-create-{Guid.NewGuid():N}";
        var body = JsonSerializer.Serialize(new { url = "https://example.com/retried", eventTypes = new[] { "task.*" } });
        // Refused without effect: the key stays free for the corrected request.
        using (var invalid = await gateway.Client.SendAsync(HttpMethod.Post, WebhooksPath, """{"url":"mailto:x@example.com","eventTypes":["task.*"]}""", key))
            await invalid.ReadProblemAsync(HttpStatusCode.BadRequest);

        JsonElement first, second;
        using (var response = await gateway.Client.SendAsync(HttpMethod.Post, WebhooksPath, body, key))
            first = await response.ReadJsonAsync(HttpStatusCode.Created);
        using (var response = await gateway.Client.SendAsync(HttpMethod.Post, WebhooksPath, body, key))
            second = await response.ReadJsonAsync(HttpStatusCode.Created);
        using var other = await gateway.Client.SendAsync(HttpMethod.Post, WebhooksPath, """{"url":"https://example.com/other","eventTypes":["task.*"]}""", key);

        var id = first.GetProperty("id").GetString();
        Assert.Equal((id, first.GetProperty("secret").GetString()), (second.GetProperty("id").GetString(), second.GetProperty("secret").GetString()));
        Assert.Equal("idempotency-key-reused", (await other.ReadProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString());
        var urls = (await gateway.Client.GetJsonAsync(WebhooksPath)).GetProperty("items").EnumerateArray().Select(w => w.GetProperty("url").GetString()).ToList();
        Assert.Single(urls, u => u == "https://example.com/retried");
        Assert.DoesNotContain("https://example.com/other", urls);
        Assert.DoesNotContain("mailto:x@example.com", urls);
    }

    [Fact]
    public async Task Deliveries_are_listed_newest_first_a_page_at_a_time()
    {
        await using var receiver = await RecordingHttpServer.StartAsync();
        var created = await SubscribeAsync(gateway.Client, new { url = $"{receiver.BaseUrl}/pages", eventTypes = new[] { "persona.*" }, secret = "a-secret-of-the-tenants-own" });
        Assert.Equal("a-secret-of-the-tenants-own", created.GetProperty("secret").GetString());
        var id = created.GetProperty("id").GetString()!;
        for (var i = 0; i < 3; i++)
            await gateway.Client.HireAsync();
        await Eventually.TrueAsync(() => receiver.To("/pages").Count >= 3, "three deliveries");

        var first = await gateway.Client.GetJsonAsync($"{WebhooksPath}/{id}/deliveries?limit=2");
        var second = await gateway.Client.GetJsonAsync($"{WebhooksPath}/{id}/deliveries?limit=2&cursor={first.GetProperty("nextCursor").GetString()}");

        Assert.Equal(2, first.GetProperty("items").GetArrayLength());
        Assert.Equal(1, second.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, second.TryGetProperty("nextCursor", out var end) ? end.ValueKind : JsonValueKind.Null);
        var ids = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(d => d.GetProperty("id").GetString()).ToList();
        Assert.Equal(3, ids.Distinct().Count());
        Assert.All(receiver.To("/pages"), r => Assert.True(r.IsSignedWith("a-secret-of-the-tenants-own")));
    }

    [Theory]
    [InlineData("""{"eventTypes":["persona.hired"]}""", "url")]
    [InlineData("""{"url":"ftp://example.com/hook","eventTypes":["persona.hired"]}""", "url")]
    [InlineData("""{"url":"/relative","eventTypes":["persona.hired"]}""", "url")]
    [InlineData("""{"url":"https://example.com/hook","eventTypes":[]}""", "eventTypes")]
    [InlineData("""{"url":"https://example.com/hook"}""", "eventTypes")]
    [InlineData("""{"url":"https://example.com/hook","eventTypes":["persona.hired","Persona Hired"]}""", "eventTypes[1]")]
    [InlineData("""{"url":"https://example.com/hook","eventTypes":["persona.hired"],"secret":"short"}""", "secret")]
    public async Task A_bad_subscription_is_a_400_naming_the_field(string json, string field)
    {
        using var response = await gateway.Client.SendAsync(HttpMethod.Post, WebhooksPath, json);
        var problem = await response.ReadJsonAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Theory]
    [InlineData("status=sent", "status")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=many", "limit")]
    [InlineData("cursor=not-a-cursor!", "cursor")]
    public async Task A_bad_deliveries_query_is_a_400_naming_the_field(string query, string field)
    {
        var created = await SubscribeAsync(gateway.Client, new { url = "https://example.com/hook", eventTypes = new[] { "task.created" } });

        using var response = await gateway.Client.SendAsync(HttpMethod.Get, $"{WebhooksPath}/{created.GetProperty("id").GetString()}/deliveries?{query}");
        var problem = await response.ReadJsonAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task A_malformed_subscription_id_is_a_400_naming_the_id()
    {
        using var response = await gateway.Client.SendAsync(HttpMethod.Get, $"{WebhooksPath}/not-an-id");
        var problem = await response.ReadJsonAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("id", out _), problem.ToString());
    }

    [Fact]
    public async Task Subscribing_and_removing_need_admin_while_a_user_may_read()
    {
        var reader = await gateway.ClientForAsync(TestClients.Reader);

        using (var create = await reader.PostJsonAsync(WebhooksPath, new { url = "https://example.com/hook", eventTypes = new[] { "*" } }))
            Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        using (var list = await reader.SendAsync(HttpMethod.Get, WebhooksPath))
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        using (var remove = await reader.SendAsync(HttpMethod.Delete, $"{WebhooksPath}/wh-{Guid.NewGuid():N}"))
            Assert.Equal(HttpStatusCode.Forbidden, remove.StatusCode);
    }

    [Fact]
    public async Task A_tenant_neither_sees_nor_removes_nor_receives_another_tenants_webhooks()
    {
        await using var receiver = await RecordingHttpServer.StartAsync();
        var tenantA = await gateway.ClientForAsync(TestClients.TenantA);
        var tenantB = await gateway.ClientForAsync(TestClients.TenantB);
        var mine = await SubscribeAsync(tenantA, new { url = $"{receiver.BaseUrl}/a", eventTypes = new[] { "persona.hired" } });
        var theirs = await SubscribeAsync(tenantB, new { url = $"{receiver.BaseUrl}/b", eventTypes = new[] { "persona.hired" } });
        var id = mine.GetProperty("id").GetString()!;

        Assert.DoesNotContain((await tenantB.GetJsonAsync(WebhooksPath)).GetProperty("items").EnumerateArray(), w => w.GetProperty("id").GetString() == id);
        foreach (var (method, path) in new[] { (HttpMethod.Get, $"{WebhooksPath}/{id}"), (HttpMethod.Get, $"{WebhooksPath}/{id}/deliveries"), (HttpMethod.Delete, $"{WebhooksPath}/{id}") })
        {
            using var response = await tenantB.SendAsync(method, path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        await tenantB.HireAsync();
        var toB = await OnlyRequestAsync(receiver, "/b");
        await tenantA.HireAsync();
        var toA = await OnlyRequestAsync(receiver, "/a");

        Assert.True(toA.IsSignedWith(mine.GetProperty("secret").GetString()!));
        Assert.True(toB.IsSignedWith(theirs.GetProperty("secret").GetString()!));
        using (var a = JsonDocument.Parse(toA.Body))
            Assert.Equal(TestClients.TenantA, a.RootElement.GetProperty("tenant").GetString());
        using (var b = JsonDocument.Parse(toB.Body))
            Assert.Equal(TestClients.TenantB, b.RootElement.GetProperty("tenant").GetString());
        Assert.Single(receiver.To("/a"));
        Assert.Equal(HttpStatusCode.OK, (await tenantA.SendAsync(HttpMethod.Get, $"{WebhooksPath}/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_delivery_pending_across_a_gateway_restart_is_delivered_after_it()
    {
        await using var own = await GatewayFixture.StartAsync(new GatewayOptions
        {
            // Short waits, attempts enough (100 × ≤ 0.5 s) to outlast a restart on a busy machine, and a short lease: the
            // restart may stop the gateway mid-attempt, and that claim must run out within the test's patience.
            Settings = new Dictionary<string, string?>
            {
                ["Webhooks:InitialDelay"] = "00:00:00.2",
                ["Webhooks:MaxDelay"] = "00:00:00.5",
                ["Webhooks:MaxAttempts"] = "100",
                ["Webhooks:Timeout"] = "00:00:02",
                ["Webhooks:ClaimLease"] = "00:00:04",
            },
        });
        await using var receiver = await RecordingHttpServer.StartAsync();
        var restarted = false;
        receiver.Respond = _ => Volatile.Read(ref restarted) ? new ScriptedResponse() : new ScriptedResponse(503);
        var created = await SubscribeAsync(own.Client, new { url = $"{receiver.BaseUrl}/later", eventTypes = new[] { "persona.hired" } });
        var id = created.GetProperty("id").GetString()!;
        await own.Client.HireAsync();
        await Eventually.TrueAsync(() => receiver.To("/later").Count > 0, "a first, refused attempt");

        await own.RestartAsync();
        Volatile.Write(ref restarted, true);

        var delivered = await Eventually.ValueAsync(() => own.Client.GetJsonAsync($"{WebhooksPath}/{id}/deliveries"),
            p => p.GetProperty("items")[0].GetProperty("status").GetString() == "delivered", "the delivery after the restart");
        var delivery = delivered.GetProperty("items")[0];
        Assert.Equal("http_503", delivery.GetProperty("lastErrorCode").GetString());
        Assert.True(delivery.GetProperty("attempts").GetInt32() >= 2);
        Assert.Single(receiver.Effects);
        Assert.Single(receiver.To("/later").Select(r => r.IdempotencyKey).Distinct());
    }
}
