using EDRS.Grains.Contracts.Events;
using EDRS.Grains.Contracts.Personas;
using EDRS.Testing.Gateway;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Reflection.V1;
using static EDRS.Testing.Gateway.InboundApi;
using Client = EDRS.Grains.Contracts.Personas.PersonaGrain.PersonaGrainClient;

namespace EDRS.Attacks.Tests.Grpc;

/// <summary>
/// Rpcs only grains call are not the gateway's to serve: a caller with a token must not inject inbox items with forged
/// routing decisions, report loads or feed a router directly, and reflection must not advertise them.
/// </summary>
public sealed class InternalRpcTests(KestrelGateway gateway) : IClassFixture<KestrelGateway>
{
    [Fact]
    public async Task AssignWork_is_not_served_so_a_caller_cannot_inject_forged_work()
    {
        var personaId = GrpcWork.NewId("victim");
        await gateway.Client.HireHandlingAsync(personaId, "forged.*");
        using var channel = gateway.OpenGrpcChannel();
        var forged = NewEventId();
        var request = new AssignWorkRequest { RequestId = Guid.NewGuid().ToString("N"), PersonaId = personaId };
        request.Items.Add(new WorkItem
        {
            EventId = forged,
            EventType = "forged.order",
            Source = "mallory",
            Priority = EventPriority.Critical,
            OccurredAt = Timestamp.FromDateTime(DateTime.UtcNow),
            Decision = long.MaxValue, // would make every real re-delivery of this id look already handled
        });

        // The persona's own tenant, as admin, and a mere user: neither may deliver work.
        foreach (var caller in new[] { TestClients.Default, TestClients.Reader })
        {
            var personas = new Client(await gateway.GrpcForAsync(channel, caller));
            var error = await Assert.ThrowsAsync<RpcException>(() => personas.AssignWorkAsync(request).ResponseAsync);
            Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
        }
        Assert.Equal(0, await gateway.Database.AssignmentsAsync(forged));
        Assert.Equal(0, await gateway.OpenWorkAsync(personaId));
    }

    [Fact]
    public async Task The_router_and_routing_table_rpcs_are_not_served()
    {
        using var channel = gateway.OpenGrpcChannel();
        var invoker = await gateway.GrpcForAsync(channel);
        var router = new EventRouter.EventRouterClient(invoker);
        var table = new RoutingTable.RoutingTableClient(invoker);
        var load = new ReportLoadsRequest();
        load.Loads.Add(new PersonaLoad { PersonaId = "anyone", Open = 0, Version = long.MaxValue });

        var calls = new Func<Task>[]
        {
            () => router.IngestAsync(new IngestRequest()).ResponseAsync,
            () => router.RouteUnassignedAsync(new RouteUnassignedRequest { RequestId = "x" }).ResponseAsync,
            () => router.ReassignAsync(new ReassignRequest { RequestId = "x", EventId = NewEventId(), ReturnedBy = "anyone" }).ResponseAsync,
            () => table.ReportLoadsAsync(load).ResponseAsync,
            () => table.RegisterPersonaAsync(new RegisterPersonaRequest { RequestId = "x", PersonaId = "anyone", ProfileVersion = long.MaxValue }).ResponseAsync,
            () => table.GetTableAsync(new GetTableRequest()).ResponseAsync,
        };
        foreach (var call in calls)
            Assert.Equal(StatusCode.Unimplemented, (await Assert.ThrowsAsync<RpcException>(call)).StatusCode);
    }

    [Fact]
    public async Task Reflection_describes_only_the_rpcs_the_gateway_serves()
    {
        using var channel = gateway.OpenGrpcChannel();
        using var call = new ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo();

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        Assert.True(await call.ResponseStream.MoveNext());
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { FileContainingSymbol = "edrs.personas.v1.PersonaGrain" });
        Assert.True(await call.ResponseStream.MoveNext());
        var files = call.ResponseStream.Current.FileDescriptorResponse.FileDescriptorProto
            .Select(bytes => FileDescriptorProto.Parser.ParseFrom(bytes)).ToList();
        await call.RequestStream.CompleteAsync();

        Assert.DoesNotContain("edrs.events.v1.EventRouter", services);
        Assert.DoesNotContain("edrs.events.v1.RoutingTable", services);
        var personaGrain = files.SelectMany(f => f.Service).Single(s => s.Name == "PersonaGrain");
        Assert.Contains(personaGrain.Method, m => m.Name == "ReturnWork");
        Assert.DoesNotContain(personaGrain.Method, m => m.Name == "AssignWork");
        // Files that come along as dependencies do not describe the internal services either.
        Assert.DoesNotContain(files.SelectMany(f => f.Service), s => s.Name is "EventRouter" or "RoutingTable");
    }
}
