using System.Net;
using EDRS.Grains.Contracts.Personas;
using EDRS.Testing.Gateway;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1;
using static EDRS.Testing.Grains.Personas;
using Client = EDRS.Grains.Contracts.Personas.PersonaGrain.PersonaGrainClient;

namespace EDRS.Hosts.Gateway.Tests.Grpc;

/// <summary>What the gRPC endpoint offers besides the grains: reflection, health, and refusals in gRPC terms.</summary>
public sealed class GrpcServerTests(KestrelGateway gateway) : IClassFixture<KestrelGateway>
{
    [Fact]
    public async Task Reflection_lists_the_grain_services_and_serves_their_descriptors_without_a_token()
    {
        using var channel = gateway.OpenGrpcChannel();
        var reflection = new ServerReflection.ServerReflectionClient(channel);
        using var call = reflection.ServerReflectionInfo();

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        Assert.True(await call.ResponseStream.MoveNext());
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { FileContainingSymbol = "edrs.personas.v1.PersonaGrain" });
        Assert.True(await call.ResponseStream.MoveNext());
        var files = call.ResponseStream.Current.FileDescriptorResponse.FileDescriptorProto
            .Select(bytes => Google.Protobuf.Reflection.FileDescriptorProto.Parser.ParseFrom(bytes).Name).ToList();
        await call.RequestStream.CompleteAsync();

        Assert.Contains("edrs.personas.v1.PersonaGrain", services);
        Assert.Contains("grpc.health.v1.Health", services);
        Assert.Contains("grpc.reflection.v1.ServerReflection", services);
        Assert.Contains("edrs/personas/v1/persona.proto", files);
    }

    [Fact]
    public async Task The_standard_health_service_answers_SERVING()
    {
        using var channel = gateway.OpenGrpcChannel();

        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    [Fact]
    public async Task A_call_without_a_token_is_UNAUTHENTICATED_and_reaches_no_grain()
    {
        using var channel = gateway.OpenGrpcChannel();
        var personas = new Client(channel);

        var error = await Assert.ThrowsAsync<RpcException>(() => personas.HireAsync(Hire("grpc-anonymous")).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Equal(0, await gateway.Database.CountAsync("select count(*) from mt_streams where id like $1", "%grpc-anonymous"));
    }

    [Fact]
    public async Task A_token_that_is_not_a_JWT_is_UNAUTHENTICATED()
    {
        using var channel = gateway.OpenGrpcChannel();
        var personas = new Client(channel);
        var headers = new Metadata { { "authorization", "Bearer not-a-jwt" } };

        var error = await Assert.ThrowsAsync<RpcException>(() => personas.GetPersonaAsync(new GetPersonaRequest { PersonaId = "x" }, headers).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains("well-formed", error.Status.Detail);
    }

    [Fact]
    public async Task A_user_calling_an_admin_rpc_is_PERMISSION_DENIED_while_user_rpcs_pass()
    {
        using var channel = gateway.OpenGrpcChannel();
        var reader = new Client(await gateway.GrpcForAsync(channel, TestClients.Reader));

        var hire = await Assert.ThrowsAsync<RpcException>(() => reader.HireAsync(Hire("grpc-by-reader")).ResponseAsync);
        var update = await Assert.ThrowsAsync<RpcException>(() => reader.UpdateProfileAsync(new UpdateProfileRequest { RequestId = NewRequestId(), PersonaId = "x", Profile = Profile() }).ResponseAsync);
        var forget = await Assert.ThrowsAsync<RpcException>(() => reader.ForgetPersonAsync(new ForgetPersonRequest { RequestId = NewRequestId(), PersonaId = "x", PersonId = "bob" }).ResponseAsync);
        var read = await Assert.ThrowsAsync<RpcException>(() => reader.GetPersonaAsync(new GetPersonaRequest { PersonaId = "grpc-by-reader" }).ResponseAsync);

        Assert.Equal([StatusCode.PermissionDenied, StatusCode.PermissionDenied, StatusCode.PermissionDenied], new[] { hire.StatusCode, update.StatusCode, forget.StatusCode });
        Assert.Equal(StatusCode.NotFound, read.StatusCode); // a user may read: it got as far as the grain
        Assert.Equal(0, await gateway.Database.CountAsync("select count(*) from mt_streams where id like $1", "persona/reader/%"));
    }

    [Fact]
    public async Task A_message_over_the_size_limit_is_RESOURCE_EXHAUSTED()
    {
        using var channel = gateway.OpenGrpcChannel();
        var personas = new Client(await gateway.GrpcForAsync(channel, TestClients.Default));
        var huge = Profile();
        huge.Personality = new string('p', 11 * 1024 * 1024);

        var error = await Assert.ThrowsAsync<RpcException>(() => personas.HireAsync(Hire("grpc-huge", profile: huge)).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal(0, await gateway.Database.CountAsync("select count(*) from mt_streams where id like $1", "%grpc-huge"));
    }

    [Fact]
    public async Task Rest_and_docs_are_served_on_the_HTTP_port_of_the_same_gateway()
    {
        using var http = new HttpClient();

        using var document = await http.GetAsync($"http://127.0.0.1:{gateway.HttpPort}/api/openapi.json");

        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
    }
}
