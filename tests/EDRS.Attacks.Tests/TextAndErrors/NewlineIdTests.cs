using System.Net;
using EDRS.Grains.Contracts.Personas;
using EDRS.Testing.Gateway;
using Google.Rpc;
using Grpc.Core;
using static EDRS.Testing.Gateway.Api;
using static EDRS.Testing.Grains.Personas;
using Personas = EDRS.Grains.Contracts.Personas.PersonaGrain.PersonaGrainClient;

namespace EDRS.Attacks.Tests.TextAndErrors;

/// <summary>
/// An id with a trailing line feed is not the id without it, and not a valid id at all: <c>ada%0A</c> must not address
/// (or create) a grain <c>ada\n</c> next to <c>ada</c>.
/// </summary>
public sealed class NewlineIdTests(PoisonGateway gateway) : IClassFixture<PoisonGateway>
{
    public static TheoryData<string, string, string?, string> Paths => new()
    {
        // method, path, body, the field the 400 names
        { "GET", $"{PersonasPath}/ada%0A", null, "personaId" },
        { "PUT", $"{PersonasPath}/ada%0A/profile", Profile(), "personaId" },
        { "POST", $"{PersonasPath}/ada/people/bob%0A/facts", Fact(), "personId" },
        { "GET", $"{PersonasPath}/ada/people/bob%0A", null, "personId" },
        { "DELETE", $"{PersonasPath}/ada/people/bob%0A", null, "personId" },
        { "GET", $"{PersonasPath}/ada%0A/inbox", null, "personaId" },
        { "GET", "/api/v1/sessions/s-1%0A", null, "sessionId" },
        { "POST", PersonasPath, Profile(id: "ada\n"), "id" },
        { "POST", $"{PersonasPath}/ada/sessions", """{"personId":"bob\n"}""", "personId" },
    };

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task An_id_with_a_trailing_newline_is_a_400_naming_it(string method, string path, string? body, string field)
    {
        var journal = await gateway.Database.JournalAsync("");

        using var response = await gateway.Client.SendAsync(new HttpMethod(method), path, body);

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(journal, await gateway.Database.JournalAsync(""));
    }

    [Theory]
    [InlineData("request_id")]
    [InlineData("persona_id")]
    public async Task A_gRPC_id_with_a_trailing_newline_is_INVALID_ARGUMENT(string field)
    {
        using var channel = gateway.OpenGrpcChannel();
        var personas = new Personas(await gateway.GrpcForAsync(channel));
        var personaId = $"nl-{field.Replace('_', '-')}";
        await personas.HireAsync(Hire(personaId));
        var journal = await gateway.Database.JournalAsync("");
        var request = field == "request_id" ? Remember(personaId, "bob", "x", requestId: "key-1\n") : Remember(personaId + "\n", "bob", "x");

        var error = await Assert.ThrowsAsync<RpcException>(() => personas.RememberFactAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations, v => v.Field == field);
        Assert.Equal(journal, await gateway.Database.JournalAsync(""));
    }
}
