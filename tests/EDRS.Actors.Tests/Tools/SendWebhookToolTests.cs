using System.Text.Json;
using EDRS.Actors.Tools;
using EDRS.Actors.Tools.Invocation;
using EDRS.Persistence.Webhooks;
using EDRS.Testing;
using EDRS.Testing.Cluster;
using EDRS.Testing.Http;
using static EDRS.Testing.Grains.Personas;

namespace EDRS.Actors.Tests.Tools;

/// <summary>
/// The <c>send_webhook</c> built-in tool against a real receiver on loopback: signed as deliveries are, to a subscription
/// (its URL and secret) or to a URL with a configured secret, one delivery id per logical attempt, and the receiver's
/// refusals reported with whether a retry may help.
/// </summary>
public sealed class SendWebhookToolTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const string ConfiguredSecret = "a-configured-signing-secret";

    private Task<TestMember> StartMemberAsync() => TestMember.StartAsync(new MemberSpec
    {
        Journal = database.ConnectionString,
        Kinds = MemberKinds.Tools | MemberKinds.Webhooks,
        Settings = new Dictionary<string, string?> { [$"Secrets:{Tenant}:partner"] = ConfiguredSecret },
    });

    private static Task<ToolCallResult> SendAsync(TestMember member, string args, string idempotencyKey) =>
        member.Service<ToolInvoker>().InvokeAsync(
            new ToolInvocation(Tenant, ToolNames.SendWebhook, JsonDocument.Parse(args).RootElement, idempotencyKey, DateTimeOffset.UnixEpoch.AddDays(20_000), "test"),
            CancellationToken.None);

    [Fact]
    public async Task A_webhook_to_a_subscription_is_signed_with_its_secret_and_a_repeated_attempt_has_the_same_delivery_id()
    {
        await using var member = await StartMemberAsync();
        await using var receiver = await RecordingHttpServer.StartAsync();
        var subscription = (await member.Service<WebhookSubscriptionStore>().AddAsync(
            Tenant, $"wh-{Guid.NewGuid():N}", $"{receiver.BaseUrl}/sub", ["*"], "the-subscriptions-own-secret", 100))!;
        var args = $$$"""{"subscriptionId":"{{{subscription.Id}}}","eventType":"ticket.escalated","body":{"ticket":"T-1"}}""";
        var key = NewRequestId();

        var first = await SendAsync(member, args, key);
        var repeat = await SendAsync(member, args, key);

        Assert.True(first.Succeeded, first.Error);
        Assert.Equal(first.Output, repeat.Output);
        var requests = receiver.To("/sub");
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.True(r.IsSignedWith(subscription.Secret)));
        Assert.Equal("ticket.escalated", requests[0].Header("X-EDRS-Event-Type"));
        Assert.Equal(requests[0].IdempotencyKey, requests[1].IdempotencyKey);
        Assert.Single(receiver.Effects);
        Assert.Equal("T-1", JsonDocument.Parse(requests[0].Body).RootElement.GetProperty("ticket").GetString());
    }

    [Fact]
    public async Task A_webhook_to_a_url_is_signed_with_the_configured_secret_and_refusals_say_whether_to_retry()
    {
        await using var member = await StartMemberAsync();
        await using var receiver = await RecordingHttpServer.StartAsync();
        receiver.Respond = r => r.Path switch
        {
            "/busy" => new ScriptedResponse(503),
            "/gone" => new ScriptedResponse(404),
            _ => new ScriptedResponse(),
        };
        string Args(string path, string secretRef = "partner") =>
            $$$"""{"url":"{{{receiver.BaseUrl}}}{{{path}}}","secretRef":"{{{secretRef}}}","eventType":"order.shipped","body":{"order":7}}""";

        var sent = await SendAsync(member, Args("/ok"), NewRequestId());
        var busy = await SendAsync(member, Args("/busy"), NewRequestId());
        var gone = await SendAsync(member, Args("/gone"), NewRequestId());
        var unknownSecret = await SendAsync(member, Args("/ok", "nobody"), NewRequestId());
        var unknownSubscription = await SendAsync(member, $$$"""{"subscriptionId":"wh-{{{Guid.NewGuid():N}}}","eventType":"a.b","body":{}}""", NewRequestId());
        var noEventType = await SendAsync(member, """{"url":"https://example.com/","secretRef":"partner","body":{}}""", NewRequestId());

        Assert.True(sent.Succeeded, sent.Error);
        Assert.True(Assert.Single(receiver.To("/ok")).IsSignedWith(ConfiguredSecret));
        Assert.Equal((false, true), (busy.Succeeded, busy.Retryable));
        Assert.Contains("http_503", busy.Error, StringComparison.Ordinal);
        Assert.Equal((false, false), (gone.Succeeded, gone.Retryable));
        Assert.Contains("Secrets__", unknownSecret.Error, StringComparison.Ordinal);
        Assert.Equal((false, false), (unknownSubscription.Succeeded, unknownSubscription.Retryable));
        Assert.Contains("eventType", noEventType.Error, StringComparison.Ordinal);
        Assert.Single(receiver.To("/ok"));
    }
}
