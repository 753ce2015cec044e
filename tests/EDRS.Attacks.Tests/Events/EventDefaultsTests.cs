using System.Net;
using System.Text.Json;
using EDRS.Attacks.Tests.Grpc;
using EDRS.Attacks.Tests.Idempotency;
using EDRS.Grains.Contracts.Events;
using EDRS.Testing.Gateway;
using static EDRS.Testing.Gateway.InboundApi;

namespace EDRS.Attacks.Tests.Events;

/// <summary>
/// The BaseEvent schema gives <c>event_id</c> (a UUIDv7) and the time defaults: an event without them is accepted, the
/// server assigns both and the receipt says what it assigned. An Idempotency-Key then makes a client's retries of an
/// id-less event one event.
/// </summary>
public sealed class EventDefaultsTests(KestrelGateway gateway) : IClassFixture<KestrelGateway>
{
    private static Dictionary<string, object?> IdLess(string eventType = "defaults.happened")
    {
        var e = Event(eventType: eventType);
        e.Remove("eventId");
        e.Remove("occurredAt");
        return e;
    }

    private static void AssertUuidV7(string? id) =>
        Assert.True(Guid.TryParseExact(id, "D", out var guid) && guid.Version == 7 && guid.ToString("D") == id, $"'{id}' is not a lowercase UUIDv7.");

    [Fact]
    public async Task An_event_without_id_and_time_is_accepted_and_the_receipt_says_what_was_assigned()
    {
        var before = DateTimeOffset.UtcNow;

        using var response = await gateway.Client.PostJsonAsync("/api/v1/events", IdLess());

        var receipt = await response.ReadJsonAsync(HttpStatusCode.Accepted);
        var eventId = receipt.GetProperty("eventId").GetString();
        AssertUuidV7(eventId);
        var occurredAt = receipt.GetProperty("occurredAt").GetDateTimeOffset();
        Assert.InRange(occurredAt, before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        var stored = await gateway.Client.GetJsonAsync($"/api/v1/events/{eventId}");
        Assert.Equal(occurredAt, stored.GetProperty("occurredAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_retry_of_an_id_less_event_under_its_Idempotency_Key_is_the_same_event()
    {
        var key = KeyReuse.NewKey();
        var body = JsonSerializer.Serialize(IdLess());

        using var first = await gateway.Client.SendAsync(HttpMethod.Post, "/api/v1/events", body, idempotencyKey: key);
        using var retry = await gateway.Client.SendAsync(HttpMethod.Post, "/api/v1/events", body, idempotencyKey: key);

        var one = await first.ReadJsonAsync(HttpStatusCode.Accepted);
        var two = await retry.ReadJsonAsync(HttpStatusCode.Accepted);
        Assert.Equal(one.GetProperty("eventId").GetString(), two.GetProperty("eventId").GetString());
        Assert.Equal((false, true), (one.GetProperty("duplicate").GetBoolean(), two.GetProperty("duplicate").GetBoolean()));
        Assert.Equal(one.GetProperty("occurredAt").GetDateTimeOffset(), two.GetProperty("occurredAt").GetDateTimeOffset());
        Assert.Equal(1, await gateway.Database.CountAsync("select count(*) from mt_streams where id = $1",
            $"event/{TestClients.Default}/{one.GetProperty("eventId").GetString()}"));
    }

    [Fact]
    public async Task Another_event_under_the_same_Idempotency_Key_is_refused()
    {
        var key = KeyReuse.NewKey();

        using var first = await gateway.Client.SendAsync(HttpMethod.Post, "/api/v1/events", JsonSerializer.Serialize(IdLess("defaults.first")), idempotencyKey: key);
        using var other = await gateway.Client.SendAsync(HttpMethod.Post, "/api/v1/events", JsonSerializer.Serialize(IdLess("defaults.second")), idempotencyKey: key);

        await first.ReadJsonAsync(HttpStatusCode.Accepted);
        await other.ReadKeyReusedAsync();
    }

    [Fact]
    public async Task A_gRPC_event_without_id_and_time_is_accepted_with_a_server_assigned_id()
    {
        using var channel = gateway.OpenGrpcChannel();
        var client = new EventIngestion.EventIngestionClient(await gateway.GrpcForAsync(channel));

        var result = await client.PublishAsync(new BaseEvent { Source = "grpc", EventType = "defaults.grpc", Priority = EventPriority.Normal });

        Assert.Equal(0, result.ErrorCode);
        AssertUuidV7(result.EventId);
        Assert.Equal(result.EventId, result.Receipt.EventId);
        var stored = await gateway.Client.GetJsonAsync($"/api/v1/events/{result.EventId}");
        Assert.Equal("defaults.grpc", stored.GetProperty("eventType").GetString());
    }
}
