using EDRS.Grains.Contracts.Webhooks;
using Google.Rpc;
using EDRS.Testing;
using EDRS.Testing.Gateway;
using EDRS.Testing.Http;
using Grpc.Core;
using Grpc.Net.Client;
using static EDRS.Testing.Gateway.Api;

namespace EDRS.Hosts.Gateway.Tests.Webhooks;

/// <summary>
/// <c>edrs.webhooks.v1.Webhooks</c> over real gRPC (h2c): the REST edge's mirror — create with the secret returned once,
/// signed deliveries listed, removal; refusals naming the field; admin for changes; the token's tenant only.
/// </summary>
public sealed class GrpcWebhooksTests(KestrelGateway gateway) : IClassFixture<KestrelGateway>
{
    private async Task<Metadata> AuthAsync(string client = TestClients.Default) => new() { { "authorization", $"Bearer {await gateway.TokenAsync(client)}" } };

    private static string FieldOf(RpcException refusal) => Assert.Single(refusal.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Field;

    [Fact]
    public async Task A_subscription_made_over_grpc_delivers_signed_events_listed_with_their_status_until_removed()
    {
        await using var receiver = await RecordingHttpServer.StartAsync();
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{gateway.GrpcPort}");
        var client = new Grains.Contracts.Webhooks.Webhooks.WebhooksClient(channel);
        var auth = await AuthAsync();
        var created = await client.CreateWebhookAsync(new CreateWebhookRequest { Url = $"{receiver.BaseUrl}/grpc", EventTypes = { "persona.hired" } }, auth);
        Assert.StartsWith("whsec_", created.Secret, StringComparison.Ordinal);
        var fetched = await client.GetWebhookAsync(new GetWebhookRequest { Id = created.Id }, auth);
        Assert.Equal(("", created.Url), (fetched.Secret, fetched.Url));
        Assert.Contains((await client.ListWebhooksAsync(new ListWebhooksRequest(), auth)).Webhooks, w => w.Id == created.Id && w.Secret.Length == 0);

        await gateway.Client.HireAsync();

        await Eventually.TrueAsync(() => receiver.To("/grpc").Count == 1, "the delivery");
        Assert.True(receiver.To("/grpc")[0].IsSignedWith(created.Secret));
        var page = await Eventually.ValueAsync(() => client.ListWebhookDeliveriesAsync(new ListWebhookDeliveriesRequest { Id = created.Id, Status = "delivered" }, auth).ResponseAsync,
            p => p.Deliveries.Count == 1, "the delivery to be recorded as delivered");
        Assert.Equal((receiver.To("/grpc")[0].IdempotencyKey, 1, ""), (page.Deliveries[0].Id, page.Deliveries[0].Attempts, page.NextCursor));

        await client.RemoveWebhookAsync(new RemoveWebhookRequest { Id = created.Id }, auth);
        var gone = await Assert.ThrowsAsync<RpcException>(() => client.GetWebhookAsync(new GetWebhookRequest { Id = created.Id }, auth).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task A_create_retried_under_its_request_id_makes_one_subscription_and_rest_names_the_same_request()
    {
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{gateway.GrpcPort}");
        var client = new Grains.Contracts.Webhooks.Webhooks.WebhooksClient(channel);
        var auth = await AuthAsync();
        var key = $"wh-grpc-{Guid.NewGuid():N}";
        var request = new CreateWebhookRequest { Url = "https://example.com/grpc-retried", EventTypes = { "task.*" }, RequestId = key };

        var first = await client.CreateWebhookAsync(request, auth);
        var second = await client.CreateWebhookAsync(request, auth);
        // The same request over REST under the same key is the same create.
        using var rest = await gateway.Client.SendAsync(HttpMethod.Post, "/api/v1/webhooks", """{"url":"https://example.com/grpc-retried","eventTypes":["task.*"]}""", key);
        var viaRest = await rest.ReadJsonAsync(System.Net.HttpStatusCode.Created);
        var malformed = await Assert.ThrowsAsync<RpcException>(() => client.CreateWebhookAsync(
            new CreateWebhookRequest { Url = "https://example.com/", EventTypes = { "*" }, RequestId = "a key" }, auth).ResponseAsync);

        Assert.Equal((first.Id, first.Secret), (second.Id, second.Secret));
        Assert.Equal((first.Id, first.Secret), (viaRest.GetProperty("id").GetString(), viaRest.GetProperty("secret").GetString()));
        Assert.Single((await client.ListWebhooksAsync(new ListWebhooksRequest(), auth)).Webhooks, w => w.Url == "https://example.com/grpc-retried");
        Assert.Equal((StatusCode.InvalidArgument, "request_id"), (malformed.StatusCode, FieldOf(malformed)));
    }

    [Fact]
    public async Task Refusals_name_the_field_changes_need_admin_and_another_tenants_subscription_is_not_found()
    {
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{gateway.GrpcPort}");
        var client = new Grains.Contracts.Webhooks.Webhooks.WebhooksClient(channel);
        var auth = await AuthAsync();
        var mine = await client.CreateWebhookAsync(new CreateWebhookRequest { Url = "https://example.com/hook", EventTypes = { "task.*" } }, auth);

        var badUrl = await Assert.ThrowsAsync<RpcException>(() => client.CreateWebhookAsync(new CreateWebhookRequest { Url = "mailto:x@example.com", EventTypes = { "task.*" } }, auth).ResponseAsync);
        var badType = await Assert.ThrowsAsync<RpcException>(() => client.CreateWebhookAsync(new CreateWebhookRequest { Url = "https://example.com/", EventTypes = { "task.*", "TASK" } }, auth).ResponseAsync);
        var badStatus = await Assert.ThrowsAsync<RpcException>(() => client.ListWebhookDeliveriesAsync(new ListWebhookDeliveriesRequest { Id = mine.Id, Status = "lost" }, auth).ResponseAsync);
        var reader = await AuthAsync(TestClients.Reader);
        var notAdmin = await Assert.ThrowsAsync<RpcException>(() => client.CreateWebhookAsync(new CreateWebhookRequest { Url = "https://example.com/", EventTypes = { "*" } }, reader).ResponseAsync);
        var otherTenant = await Assert.ThrowsAsync<RpcException>(() => client.GetWebhookAsync(new GetWebhookRequest { Id = mine.Id }, reader).ResponseAsync);

        Assert.Equal((StatusCode.InvalidArgument, "url"), (badUrl.StatusCode, FieldOf(badUrl)));
        Assert.Equal((StatusCode.InvalidArgument, "event_types[1]"), (badType.StatusCode, FieldOf(badType)));
        Assert.Equal((StatusCode.InvalidArgument, "status"), (badStatus.StatusCode, FieldOf(badStatus)));
        Assert.Equal(StatusCode.PermissionDenied, notAdmin.StatusCode);
        Assert.Equal(StatusCode.NotFound, otherTenant.StatusCode);
        Assert.DoesNotContain((await client.ListWebhooksAsync(new ListWebhooksRequest(), reader)).Webhooks, w => w.Id == mine.Id);
    }
}
