using System.Text.Json;
using EDRS.Actors.Personas;
using EDRS.Actors.Webhooks;
using EDRS.Persistence.Webhooks;
using EDRS.Testing;
using EDRS.Testing.Cluster;
using EDRS.Testing.Http;
using static EDRS.Testing.Grains.Personas;

namespace EDRS.Hosting.Tests.Webhooks;

/// <summary>
/// Webhooks out on real members, real PostgreSQL and a real receiver on loopback: a tenant's published domain events that
/// match its subscriptions are POSTed signed (the receiver recomputes the HMAC), retried with growing waits, dead-lettered
/// after the policy, never sent to another tenant, and delivered after the member that owed them stopped.
/// </summary>
public sealed class WebhookDeliveryTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private Task<TestMember> StartMemberAsync(Dictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?> { ["Webhooks:PollInterval"] = "00:00:00.05" };
        foreach (var (key, value) in settings ?? [])
            all[key] = value;
        return TestMember.StartAsync(new MemberSpec { Journal = database.ConnectionString, Kinds = MemberKinds.Personas | MemberKinds.Inbound | MemberKinds.Webhooks, Settings = all });
    }

    private static string Unique(string prefix) => $"{prefix}{Guid.NewGuid():N}"[..(prefix.Length + 12)];

    private static async Task<WebhookSubscription> SubscribeAsync(TestMember member, string tenant, string url, params string[] eventTypes) =>
        (await member.Service<WebhookSubscriptionStore>().AddAsync(tenant, Unique("wh-"), url, eventTypes, $"secret-{Guid.NewGuid():N}", 100))!;

    private static Task HireInAsync(TestMember member, string tenant) => HireInTenantAsync(member, tenant);

    private static async Task<string> HireInTenantAsync(TestMember member, string tenant)
    {
        var id = NewId();
        await member.Grains.Persona(tenant, id).HireAsync(Hire(id));
        return id;
    }

    private static Task<List<WebhookDelivery>> DeliveriesAsync(TestMember member, WebhookSubscription subscription) =>
        member.Service<WebhookDeliveryStore>().ListAsync(subscription.Tenant, subscription.Id, null, null, 50);

    private static void AssertSignedWith(string secret, RecordedRequest request) =>
        Assert.True(request.IsSignedWith(secret), $"the signature {request.Header("X-EDRS-Signature")} checks out with the subscription's secret");

    [Fact]
    public async Task A_tenants_matching_events_are_delivered_signed_to_its_subscriptions_only()
    {
        await using var member = await StartMemberAsync();
        await using var server = await RecordingHttpServer.StartAsync();
        var (acme, globex) = (Unique("acme"), Unique("globex"));
        var personas = await SubscribeAsync(member, acme, $"{server.BaseUrl}/acme", "persona.*");
        var tasks = await SubscribeAsync(member, acme, $"{server.BaseUrl}/acme-tasks", "task.created", "knowledge.*");
        var everything = await SubscribeAsync(member, globex, $"{server.BaseUrl}/globex", "*");

        var hired = await HireInTenantAsync(member, acme);
        await Eventually.TrueAsync(() => server.To("/acme").Count == 1, "the acme persona.hired delivery");
        await HireInTenantAsync(member, globex);
        await Eventually.TrueAsync(() => server.To("/globex").Count == 1, "the globex persona.hired delivery");

        var request = Assert.Single(server.To("/acme"));
        AssertSignedWith(personas.Secret, request);
        Assert.Equal("persona.hired", request.Header("X-EDRS-Event-Type"));
        Assert.Equal(request.Header("X-EDRS-Delivery-Id"), request.IdempotencyKey);
        using (var body = JsonDocument.Parse(request.Body))
        {
            Assert.Equal("persona.hired", body.RootElement.GetProperty("eventType").GetString());
            Assert.Equal(acme, body.RootElement.GetProperty("tenant").GetString());
            Assert.Equal($"persona/{acme}/{hired}", body.RootElement.GetProperty("stream").GetString());
        }
        var other = Assert.Single(server.To("/globex"));
        AssertSignedWith(everything.Secret, other);
        using (var body = JsonDocument.Parse(other.Body))
            Assert.Equal(globex, body.RootElement.GetProperty("tenant").GetString());
        Assert.Empty(server.To("/acme-tasks"));
        Assert.Empty(await DeliveriesAsync(member, tasks));
        await Eventually.AssertAsync(async () =>
        {
            var delivery = Assert.Single(await DeliveriesAsync(member, personas));
            Assert.Equal((WebhookDeliveryStatus.Delivered, 1, null), (delivery.Status, delivery.Attempts, delivery.LastErrorCode));
            Assert.Equal(request.Header("X-EDRS-Delivery-Id"), delivery.Id.ToString("D"));
        });
    }

    [Fact]
    public async Task A_failing_receiver_is_retried_with_growing_waits_until_it_accepts()
    {
        await using var member = await StartMemberAsync(new() { ["Webhooks:InitialDelay"] = "00:00:00.2", ["Webhooks:Multiplier"] = "2", ["Webhooks:Jitter"] = "0.5" });
        await using var server = await RecordingHttpServer.StartAsync();
        var tenant = Unique("acme");
        var calls = 0;
        server.Respond = _ => Interlocked.Increment(ref calls) <= 2 ? new ScriptedResponse(503) : new ScriptedResponse();
        var subscription = await SubscribeAsync(member, tenant, $"{server.BaseUrl}/hook", "persona.hired");

        await HireInAsync(member, tenant);

        var delivered = await Eventually.ValueAsync(
            async () => (await DeliveriesAsync(member, subscription)).SingleOrDefault(), d => d?.Status == WebhookDeliveryStatus.Delivered, "the delivery to succeed");
        Assert.Equal((3, "http_503"), (delivered!.Attempts, delivered.LastErrorCode));
        var requests = server.To("/hook");
        Assert.Equal(3, requests.Count);
        Assert.Single(requests.Select(r => r.IdempotencyKey).Distinct());
        Assert.Single(server.Effects);
        // Waits: 200 ms × 2^(n−1), less at most half of it (jitter): at least 100 ms, then at least 200 ms.
        Assert.True(requests[1].ReceivedAt - requests[0].ReceivedAt >= TimeSpan.FromMilliseconds(100), "the first wait");
        Assert.True(requests[2].ReceivedAt - requests[1].ReceivedAt >= TimeSpan.FromMilliseconds(200), "the second wait");
        Assert.All(requests, r => AssertSignedWith(subscription.Secret, r));
    }

    [Fact]
    public async Task A_delivery_the_receiver_keeps_refusing_is_dead_lettered_after_the_policy()
    {
        await using var member = await StartMemberAsync(new() { ["Webhooks:MaxAttempts"] = "3", ["Webhooks:InitialDelay"] = "00:00:00.05" });
        await using var server = await RecordingHttpServer.StartAsync();
        var tenant = Unique("acme");
        server.Respond = _ => new ScriptedResponse(500, """{"error":"internal details"}""");
        var subscription = await SubscribeAsync(member, tenant, $"{server.BaseUrl}/hook", "persona.*");

        await HireInAsync(member, tenant);

        var dead = await Eventually.ValueAsync(
            async () => (await DeliveriesAsync(member, subscription)).SingleOrDefault(), d => d?.Status == WebhookDeliveryStatus.Dead, "the delivery to be dead-lettered");
        Assert.Equal((3, "http_500", null), (dead!.Attempts, dead.LastErrorCode, dead.DeliveredAt));
        Assert.Equal(3, server.To("/hook").Count);
        Assert.Empty(await member.Service<WebhookDeliveryStore>().ListAsync(tenant, subscription.Id, WebhookDeliveryStatus.Pending, null, 10));
        Assert.Single(await member.Service<WebhookDeliveryStore>().ListAsync(tenant, subscription.Id, WebhookDeliveryStatus.Dead, null, 10));
    }

    [Fact]
    public async Task A_delivery_to_a_blocked_network_is_dead_at_its_first_attempt_and_nothing_is_sent()
    {
        await using var member = await StartMemberAsync(new()
        {
            ["Outbound:BlockedNetworks"] = "127.0.0.0/8", ["Webhooks:MaxAttempts"] = "5", ["Webhooks:InitialDelay"] = "00:00:00.05",
        });
        await using var server = await RecordingHttpServer.StartAsync();
        var tenant = Unique("acme");
        var subscription = await SubscribeAsync(member, tenant, $"{server.BaseUrl}/hook", "persona.*");

        await HireInAsync(member, tenant);

        var dead = await Eventually.ValueAsync(
            async () => (await DeliveriesAsync(member, subscription)).SingleOrDefault(), d => d?.Status == WebhookDeliveryStatus.Dead, "the delivery to be dead-lettered");
        Assert.Equal((1, WebhookSender.BlockedNetwork, null), (dead!.Attempts, dead.LastErrorCode, dead.DeliveredAt));
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task A_delivery_pending_when_its_member_stopped_is_delivered_by_the_next_member()
    {
        await using var server = await RecordingHttpServer.StartAsync();
        var tenant = Unique("acme");
        WebhookSubscription subscription;
        // A member that journals (so its events get deliveries) but delivers nothing, then stops.
        await using (var first = await StartMemberAsync(new() { ["Webhooks:Deliver"] = "false" }))
        {
            subscription = await SubscribeAsync(first, tenant, $"{server.BaseUrl}/hook", "persona.hired");
            await HireInAsync(first, tenant);
            Assert.Equal(WebhookDeliveryStatus.Pending, Assert.Single(await DeliveriesAsync(first, subscription)).Status);
        }
        Assert.Empty(server.Requests);

        await using var next = await StartMemberAsync();

        await Eventually.TrueAsync(() => server.To("/hook").Count == 1, "the next member to deliver");
        AssertSignedWith(subscription.Secret, server.To("/hook")[0]);
        await Eventually.AssertAsync(async () => Assert.Equal(WebhookDeliveryStatus.Delivered, Assert.Single(await DeliveriesAsync(next, subscription)).Status));
    }

    [Fact]
    public async Task A_delivery_whose_member_died_mid_attempt_is_sent_again_with_the_same_delivery_id()
    {
        await using var server = await RecordingHttpServer.StartAsync();
        var tenant = Unique("acme");
        var calls = 0;
        // The first attempt hangs (its member is stopped meanwhile); later ones are answered at once.
        server.Respond = _ => Interlocked.Increment(ref calls) == 1 ? new ScriptedResponse(Delay: TimeSpan.FromSeconds(30)) : new ScriptedResponse();
        var lease = new Dictionary<string, string?> { ["Webhooks:Timeout"] = "00:00:01", ["Webhooks:ClaimLease"] = "00:00:02" };
        WebhookSubscription subscription;
        await using (var first = await StartMemberAsync(lease))
        {
            subscription = await SubscribeAsync(first, tenant, $"{server.BaseUrl}/hook", "persona.hired");
            await HireInAsync(first, tenant);
            await Eventually.TrueAsync(() => server.To("/hook").Count == 1, "the first attempt to reach the receiver");
        }

        await using var next = await StartMemberAsync(lease);

        var delivered = await Eventually.ValueAsync(
            async () => (await DeliveriesAsync(next, subscription)).SingleOrDefault(), d => d?.Status == WebhookDeliveryStatus.Delivered, "the next member to deliver");
        var requests = server.To("/hook");
        Assert.True(requests.Count >= 2);
        Assert.All(requests, r => Assert.Equal(delivered!.Id.ToString("D"), r.IdempotencyKey));
        Assert.Single(server.Effects, e => e.Path == "/hook");
    }
}
