using EDRS.Grains.Contracts.Events;
using EDRS.Testing.Gateway;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using static EDRS.Testing.Gateway.InboundApi;

namespace EDRS.Attacks.Tests.Events;

/// <summary>
/// <c>PublishStream</c> under a flood: each event counts against the client's rate limit (not one token per stream), and
/// the gateway reads a stream no faster than its routers take events (a bounded window), so its memory stays bounded
/// however fast and however long a client streams. Memory is this process's (the gateway runs in it), sampled while
/// streaming; the bounds are generous — what they catch is growth with the stream's length.
/// </summary>
[Collection(nameof(MemoryMeasurements))]
public sealed class PublishStreamFloodTests
{
    private const long MiB = 1024 * 1024;

    /// <summary>
    /// A gateway whose grain calls may take long: a flood keeps this process's cores busy, and what these tests measure is
    /// memory and token accounting, not how fast routers answer.
    /// </summary>
    private static GatewayOptions Patient => new()
    {
        Kestrel = true,
        Settings = new Dictionary<string, string?> { ["Grains:CallTimeout"] = "00:01:00" },
    };

    private static BaseEvent NewEvent(string payload, string eventType) => new()
    {
        EventId = NewEventId(),
        Source = "flood",
        EventType = eventType,
        Priority = EventPriority.Normal,
        Payload = payload,
        OccurredAt = Timestamp.FromDateTime(DateTime.UtcNow),
    };

    /// <summary>A JSON object of about <paramref name="bytes"/> bytes.</summary>
    private static string Payload(int bytes) => "{\"blob\":\"" + new string('x', bytes - 11) + "\"}";

    /// <summary>Writes up to <paramref name="count"/> events; stops when the server ended the call or the watch tripped.</summary>
    private static async Task<int> StreamAsync(AsyncClientStreamingCall<BaseEvent, PublishStreamReply> call, int count, Func<BaseEvent> next, MemoryWatch watch)
    {
        var sent = 0;
        try
        {
            for (; sent < count && !watch.Exceeded.IsCancellationRequested; sent++)
                await call.RequestStream.WriteAsync(next());
            await call.RequestStream.CompleteAsync();
        }
        catch (Exception ex) when (ex is RpcException or InvalidOperationException or OperationCanceledException or IOException)
        {
            // The server ended the call (or the watch cancelled it): what it answered is in ResponseAsync.
        }
        return sent;
    }

    [Fact]
    public async Task Ten_thousand_one_megabyte_events_on_one_stream_are_refused_after_the_clients_tokens_and_memory_stays_bounded()
    {
        await using var gateway = await GatewayFixture.StartAsync(Patient);
        using var channel = gateway.OpenGrpcChannel();
        var client = new EventIngestion.EventIngestionClient(await gateway.GrpcForAsync(channel, TestClients.MeteredA));
        var payload = Payload(999_000);
        int sent;
        RpcException refused;
        TimeSpan streamed;

        var started = TimeProvider.System.GetTimestamp();
        await using (var watch = new MemoryWatch(ceiling: 1536 * MiB, live: false))
        {
            using var call = client.PublishStream(cancellationToken: watch.Exceeded.Token);
            sent = await StreamAsync(call, 10_000, () => NewEvent(payload, "flood.big"), watch);
            refused = await Assert.ThrowsAnyAsync<RpcException>(() => call.ResponseAsync);
            streamed = TimeProvider.System.GetElapsedTime(started);
            Assert.False(watch.Exceeded.IsCancellationRequested, $"The gateway kept reading the flood: {watch.Report} after {sent} events were sent.");
            Assert.True(watch.PeakHeapGrowth < 512 * MiB, $"The gateway's memory grew with the stream: {watch.Report}.");
        }

        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.True(sent < 10_000, $"All {sent} events were read.");
        // The standard tier's burst is 10 requests, refilled at 60 a minute: all a client with a fresh bucket can publish
        // is the burst and one more event for each second the stream lasted.
        var allowed = 10 + (int)Math.Ceiling(streamed.TotalSeconds);
        Assert.InRange(await gateway.Database.CountAsync("select count(*) from mt_streams where id like $1", $"event/{TestClients.MeteredA}/%"), 0, allowed);
    }

    [Fact]
    public async Task A_stream_faster_than_the_routers_is_read_no_faster_than_they_take_events()
    {
        await using var gateway = await GatewayFixture.StartAsync(Patient);
        using var channel = gateway.OpenGrpcChannel();
        var client = new EventIngestion.EventIngestionClient(await gateway.GrpcForAsync(channel));
        var payload = Payload(600_000);
        const int count = 300; // ≈ 180 MB of payload, ≈ 360 MB as .NET strings if the gateway held them all at once
        PublishStreamReply reply;

        await using (var watch = new MemoryWatch(ceiling: 400 * MiB, live: true))
        {
            using var call = client.PublishStream(cancellationToken: watch.Exceeded.Token);
            var sent = await StreamAsync(call, count, () => NewEvent(payload, "flood.steady"), watch);
            try
            {
                reply = await call.ResponseAsync;
            }
            catch (RpcException) when (watch.Exceeded.IsCancellationRequested)
            {
                Assert.Fail($"The gateway held the stream in memory: {watch.Report} after {sent} events were sent.");
                throw;
            }
            Assert.Equal(count, sent);
            Assert.True(watch.PeakHeapGrowth < 200 * MiB, $"The gateway held the stream in memory: {watch.Report}.");
        }

        var refusals = string.Join("; ", reply.Results.Where(r => r.ErrorCode != 0).Select(r => $"{(StatusCode)r.ErrorCode}: {r.ErrorMessage}").Distinct());
        Assert.True((count, 0) == (reply.Accepted, reply.Refused), $"{reply.Accepted} accepted, {reply.Refused} refused: {refusals}");
    }
}
