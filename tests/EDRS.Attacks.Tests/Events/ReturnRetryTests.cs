using System.Net;
using System.Text;
using EDRS.Actors.Personas;
using EDRS.Attacks.Tests.Grpc;
using EDRS.Grains.Contracts.Personas;
using EDRS.Grains.Runtime;
using EDRS.Testing;
using EDRS.Testing.Gateway;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static EDRS.Testing.Gateway.InboundApi;

namespace EDRS.Attacks.Tests.Events;

/// <summary>
/// Work handed back must reach another persona even when the hand-back is interrupted between the persona letting go
/// and the router deciding again: a retry (with or without an Idempotency-Key) finishes the job and says where the work
/// went, and so does a late repeat of the event itself.
/// </summary>
public sealed class ReturnRetryTests
{
    private static async Task<(string EventId, string Holder, string Other)> RoutedToOneOfTwoAsync(GatewayFixture gateway)
    {
        var (first, second) = (GrpcWork.NewId("ret"), GrpcWork.NewId("ret"));
        var (eventId, holder) = await gateway.RoutedEventAsync($"retry.{first.Replace('-', '_')}", first, second);
        return (eventId, holder, holder == first ? second : first);
    }

    [Fact]
    public async Task A_return_interrupted_before_the_router_decided_can_be_retried_without_a_key_and_says_where_the_work_went()
    {
        await using var gateway = await GatewayFixture.StartAsync(new GatewayOptions());
        var (eventId, holder, other) = await RoutedToOneOfTwoAsync(gateway);
        var returnPath = $"{Api.PersonasPath}/{holder}/inbox/{eventId}/return";

        // The router cannot write its new decision while the event's stream row is locked: the hand-back stops after the
        // persona let go, and the client gives up.
        await using (var connection = await gateway.Database.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await using (var lockRow = new NpgsqlCommand("select 1 from mt_streams where id = $1 for update", connection, transaction))
            {
                lockRow.Parameters.AddWithValue($"event/{TestClients.Default}/{eventId}");
                await lockRow.ExecuteNonQueryAsync();
            }
            using var giveUp = new CancellationTokenSource();
            using var request = new HttpRequestMessage(HttpMethod.Post, returnPath) { Content = new StringContent("""{"reason":"on leave"}""", Encoding.UTF8, "application/json") };
            var interrupted = gateway.Client.SendAsync(request, giveUp.Token);
            await Eventually.TrueAsync(async () => await gateway.Database.CountAsync(
                "select count(*) from mt_events where stream_id = $1 and type = 'work_returned'", $"persona/{TestClients.Default}/{holder}") == 1,
                "the persona let go of the work");
            await giveUp.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => interrupted);
            await transaction.RollbackAsync();
        }

        using var retry = await gateway.Client.PostJsonAsync(returnPath, """{"reason":"on leave"}""");

        var ack = await retry.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(other, ack.GetProperty("routedTo").GetString());
        Assert.Equal([eventId], await gateway.Client.InboxIdsAsync(other));
        Assert.Empty(await gateway.Client.InboxIdsAsync(holder));
    }

    [Fact]
    public async Task A_late_repeat_of_an_event_its_persona_handed_back_routes_it_on_instead_of_reporting_the_old_owner()
    {
        await using var gateway = await GatewayFixture.StartAsync(new GatewayOptions
        {
            Settings = new Dictionary<string, string?> { ["Events:RedeliveryWindow"] = "00:00:00" },
        });
        var (eventId, holder, other) = await RoutedToOneOfTwoAsync(gateway);
        // The persona let go and the router was never told (the caller crashed in between).
        await gateway.Services.GetRequiredService<GrainClients>().Persona(TestClients.Default, holder)
            .ReturnWorkAsync(new ReturnWorkRequest { RequestId = Guid.NewGuid().ToString("N"), EventId = eventId, Reason = "on leave" });

        var eventType = (await gateway.Client.GetJsonAsync($"/api/v1/events/{eventId}")).GetProperty("eventType").GetString()!;

        var repeat = await gateway.Client.PublishAsync(Event(eventId, eventType: eventType));

        Assert.Equal([eventId], await gateway.Client.InboxIdsAsync(other));
        Assert.True(repeat.GetProperty("duplicate").GetBoolean());
        Assert.Equal(other, repeat.TryGetProperty("heldBy", out var heldBy) ? heldBy.GetString() : null);
    }
}
