using EDRS.Grains.Contracts.Personas;
using EDRS.Testing.Gateway;
using Google.Rpc;
using Grpc.Core;
using static EDRS.Testing.Grains.Personas;
using Client = EDRS.Grains.Contracts.Personas.PersonaGrain.PersonaGrainClient;

namespace EDRS.Hosts.Gateway.Tests.Grpc;

/// <summary>The persona grain service through the gateway's gRPC endpoint: a real Grpc.Net.Client over h2c.</summary>
public sealed class GrpcGatewayTests(KestrelGateway gateway) : IClassFixture<KestrelGateway>
{
    [Fact]
    public async Task Every_persona_rpc_works_over_h2c_and_shares_state_with_the_REST_facade()
    {
        using var channel = gateway.OpenGrpcChannel();
        var personas = new Client(await gateway.GrpcForAsync(channel, TestClients.Default));

        var hired = await personas.HireAsync(Hire("grpc-ada", profile: Profile("Ada", "csharp", "sql")));
        var updated = await personas.UpdateProfileAsync(new UpdateProfileRequest { RequestId = NewRequestId(), PersonaId = "grpc-ada", Profile = Profile("Ada L.", "go") });
        var fact = await personas.RememberFactAsync(Remember("grpc-ada", "bob", "Likes tea."));
        var revised = await personas.ReviseFactAsync(new ReviseFactRequest { RequestId = NewRequestId(), PersonaId = "grpc-ada", PersonId = "bob", FactId = fact.FactId, Text = "Likes green tea." });
        var bob = await personas.GetPersonAsync(new GetPersonRequest { PersonaId = "grpc-ada", PersonId = "bob" });
        var second = await personas.RememberFactAsync(Remember("grpc-ada", "bob", "Cycles to work."));
        var retracted = await personas.RetractFactAsync(new RetractFactRequest { RequestId = NewRequestId(), PersonaId = "grpc-ada", PersonId = "bob", FactId = second.FactId });
        var view = await personas.GetPersonaAsync(new GetPersonaRequest { PersonaId = "grpc-ada" });
        var forgotten = await personas.ForgetPersonAsync(new ForgetPersonRequest { RequestId = NewRequestId(), PersonaId = "grpc-ada", PersonId = "bob" });

        Assert.Equal(("grpc-ada", 1L), (hired.PersonaId, hired.Version));
        Assert.Equal(2, updated.Version);
        Assert.Equal((1L, 3L), (fact.FactId, fact.Version));
        Assert.Equal(4, revised.Version);
        Assert.Equal("Likes green tea.", Assert.Single(bob.Facts).Text);
        Assert.Equal(6, retracted.Version);
        Assert.Equal(("Ada L.", 6L, 1), (view.Profile.Name, view.Version, view.PeopleKnown));
        Assert.Equal(1, forgotten.FactsErased);
        var rest = await gateway.Client.GetJsonAsync($"{Api.PersonasPath}/grpc-ada");
        Assert.Equal("Ada L.", rest.GetProperty("name").GetString());
        Assert.Equal(7, rest.GetProperty("version").GetInt64());
        Assert.Equal(7, await gateway.Database.CountAsync("select count(*) from mt_events where stream_id = $1", "persona/default/grpc-ada"));
    }

    [Fact]
    public async Task An_unknown_persona_is_NOT_FOUND()
    {
        using var channel = gateway.OpenGrpcChannel();
        var personas = new Client(await gateway.GrpcForAsync(channel, TestClients.Default));

        var error = await Assert.ThrowsAsync<RpcException>(() => personas.GetPersonaAsync(new GetPersonaRequest { PersonaId = "grpc-nobody" }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    public static TheoryData<string, string> InvalidHires => new()
    {
        // persona id, the field the google.rpc.BadRequest names
        { "grpc-invalid", "profile.name" },
        { "bad id", "persona_id" },
        { "", "persona_id" },
    };

    [Theory]
    [MemberData(nameof(InvalidHires))]
    public async Task Invalid_requests_are_INVALID_ARGUMENT_with_the_field_in_a_BadRequest_detail(string personaId, string field)
    {
        using var channel = gateway.OpenGrpcChannel();
        var personas = new Client(await gateway.GrpcForAsync(channel, TestClients.Default));

        var error = await Assert.ThrowsAsync<RpcException>(() => personas.HireAsync(Hire(personaId, profile: Profile(name: ""))).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var badRequest = error.GetRpcStatus()?.GetDetail<BadRequest>();
        Assert.NotNull(badRequest);
        Assert.Contains(badRequest.FieldViolations, v => v.Field == field);
        Assert.Null(error.Trailers.Get("edrs-grain-fault-bin"));
    }

    [Fact]
    public async Task A_command_without_a_request_id_names_request_id()
    {
        using var channel = gateway.OpenGrpcChannel();
        var personas = new Client(await gateway.GrpcForAsync(channel, TestClients.Default));

        var error = await Assert.ThrowsAsync<RpcException>(() => personas.HireAsync(Hire("grpc-no-request-id", requestId: "")).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations, v => v.Field == "request_id");
    }

    [Fact]
    public async Task Hiring_twice_is_ALREADY_EXISTS_and_reusing_a_request_id_for_another_operation_is_FAILED_PRECONDITION()
    {
        using var channel = gateway.OpenGrpcChannel();
        var personas = new Client(await gateway.GrpcForAsync(channel, TestClients.Default));
        var requestId = NewRequestId();
        await personas.HireAsync(Hire("grpc-twice", requestId));

        var twice = await Assert.ThrowsAsync<RpcException>(() => personas.HireAsync(Hire("grpc-twice")).ResponseAsync);
        var reused = await Assert.ThrowsAsync<RpcException>(() => personas.RememberFactAsync(Remember("grpc-twice", "bob", "x", requestId)).ResponseAsync);

        Assert.Equal(StatusCode.AlreadyExists, twice.StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, reused.StatusCode);
        Assert.Equal(1, await gateway.Database.CountAsync("select count(*) from mt_events where stream_id = $1", "persona/default/grpc-twice"));
    }

    [Fact]
    public async Task A_repeated_request_id_gets_the_first_answer_and_one_event()
    {
        using var channel = gateway.OpenGrpcChannel();
        var personas = new Client(await gateway.GrpcForAsync(channel, TestClients.Default));
        await personas.HireAsync(Hire("grpc-retry"));
        var request = Remember("grpc-retry", "bob", "Once.");

        var first = await personas.RememberFactAsync(request);
        var again = await personas.RememberFactAsync(request);

        Assert.Equal(first, again);
        Assert.Equal(2, await gateway.Database.CountAsync("select count(*) from mt_events where stream_id = $1", "persona/default/grpc-retry"));
    }
}
