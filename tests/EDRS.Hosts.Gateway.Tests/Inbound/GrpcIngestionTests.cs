using EDRS.Grains.Contracts.Events;
using EDRS.Testing.Gateway;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using static EDRS.Testing.Gateway.InboundApi;

namespace EDRS.Hosts.Gateway.Tests.Inbound;

/// <summary><c>edrs.events.v1.EventIngestion</c> over real gRPC (h2c): unary and client streaming, with the token's tenant.</summary>
public sealed class GrpcIngestionTests(KestrelGateway gateway) : IClassFixture<KestrelGateway>
{
    private static BaseEvent NewEvent(string eventType = "grpc.happened", EventPriority priority = EventPriority.Normal) => new()
    {
        EventId = NewEventId(),
        Source = "grpc-test",
        EventType = eventType,
        Priority = priority,
        Payload = "{\"a\":1}",
        OccurredAt = Timestamp.FromDateTime(DateTime.UtcNow),
    };

    private Metadata Auth => new() { { "authorization", $"Bearer {gateway.Token}" } };

    [Fact]
    public async Task A_unary_publish_is_journaled_and_routed_and_a_repeat_gets_the_first_receipt()
    {
        await gateway.Client.HireHandlingAsync("grpc-ada", "grpc.*");
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{gateway.GrpcPort}");
        var client = new EventIngestion.EventIngestionClient(channel);
        var e = NewEvent();
        var first = await client.PublishAsync(e, Auth);
        Assert.Equal("grpc-ada", first.Receipt.RoutedTo);
        Assert.False(first.Duplicate);
        var again = await client.PublishAsync(e, Auth);
        Assert.True(again.Duplicate);
        Assert.Equal(first.Receipt, again.Receipt);
        Assert.Equal(1, await gateway.Database.AssignmentsAsync(e.EventId));
    }

    [Fact]
    public async Task A_malformed_event_is_invalid_argument_naming_the_field_and_no_token_is_unauthenticated()
    {
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{gateway.GrpcPort}");
        var client = new EventIngestion.EventIngestionClient(channel);
        var bad = NewEvent(eventType: "NoDot");
        var refused = await Assert.ThrowsAsync<RpcException>(() => client.PublishAsync(bad, Auth).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Contains("eventType", refused.Status.Detail);
        var anonymous = await Assert.ThrowsAsync<RpcException>(() => client.PublishAsync(NewEvent()).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);
    }

    [Fact]
    public async Task A_client_stream_gets_one_result_per_event_and_a_bad_one_is_refused_alone()
    {
        await gateway.Client.HireHandlingAsync("grpc-bob", "stream.*");
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{gateway.GrpcPort}");
        var client = new EventIngestion.EventIngestionClient(channel);
        using var call = client.PublishStream(Auth);
        var events = Enumerable.Range(0, 50).Select(i => NewEvent("stream.happened", (EventPriority)(1 + (i % 4)))).ToList();
        events[7] = NewEvent("Bad Type");
        foreach (var e in events)
            await call.RequestStream.WriteAsync(e);
        await call.RequestStream.CompleteAsync();
        var reply = await call;
        Assert.Equal(50, reply.Results.Count);
        Assert.Equal(49, reply.Accepted);
        Assert.Equal(1, reply.Refused);
        Assert.Equal("eventType", reply.Results[7].ErrorField);
        Assert.Equal(49, (await gateway.Client.InboxAsync("grpc-bob")).GetProperty("open").GetInt32());
    }
}
