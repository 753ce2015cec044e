using EDRS.Grains.Contracts.Personas;
using EDRS.Testing.Gateway;
using static EDRS.Testing.Gateway.InboundApi;
using Client = EDRS.Grains.Contracts.Personas.PersonaGrain.PersonaGrainClient;

namespace EDRS.Attacks.Tests.Grpc;

/// <summary>
/// Completing and returning work over gRPC has the effects it has over REST: returned work is routed to another
/// persona (it must not vanish), and the persona's load reaches the routing table.
/// </summary>
public sealed class GrpcWorkParityTests(KestrelGateway gateway) : IClassFixture<KestrelGateway>
{
    [Fact]
    public async Task Work_returned_over_gRPC_is_routed_to_another_persona()
    {
        var (first, second) = (GrpcWork.NewId("ret"), GrpcWork.NewId("ret"));
        var eventType = $"parity.{first.Replace('-', '_')}";
        var (eventId, holder) = await gateway.RoutedEventAsync(eventType, first, second);
        var other = holder == first ? second : first;
        using var channel = gateway.OpenGrpcChannel();
        var personas = new Client(await gateway.GrpcForAsync(channel));

        await personas.ReturnWorkAsync(new ReturnWorkRequest { RequestId = Guid.NewGuid().ToString("N"), PersonaId = holder, EventId = eventId, Reason = "on leave" });

        Assert.Equal([eventId], await gateway.Client.InboxIdsAsync(other));
        Assert.Equal(other, await gateway.LatestRoutingAsync(eventId));
        Assert.Equal((0, 0), (await gateway.OpenWorkAsync(holder), await gateway.ReportedLoadAsync(holder)));
    }

    [Fact]
    public async Task Work_completed_over_gRPC_lowers_the_load_the_routing_table_holds()
    {
        var personaId = GrpcWork.NewId("done");
        var eventType = $"parity.{personaId.Replace('-', '_')}";
        var (first, _) = await gateway.RoutedEventAsync(eventType, personaId);
        await gateway.Client.PublishAsync(Event(eventType: eventType));
        Assert.Equal(2, await gateway.ReportedLoadAsync(personaId));
        using var channel = gateway.OpenGrpcChannel();
        var personas = new Client(await gateway.GrpcForAsync(channel));

        await personas.CompleteWorkAsync(new CompleteWorkRequest { RequestId = Guid.NewGuid().ToString("N"), PersonaId = personaId, EventId = first });

        Assert.Equal(1, await gateway.ReportedLoadAsync(personaId));
    }
}
