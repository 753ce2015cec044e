using System.Net;
using EDRS.Grains.Contracts.Personas;
using EDRS.Testing;
using EDRS.Testing.Gateway;
using Grpc.Core;
using static EDRS.Testing.Gateway.Api;
using static EDRS.Testing.Grains.Personas;
using Client = EDRS.Grains.Contracts.Personas.PersonaGrain.PersonaGrainClient;
using GrpcPersonas = EDRS.Testing.Grains.Personas;

namespace EDRS.Hosts.Gateway.Tests.Tenancy;

/// <summary>
/// Tenant B, holding a perfectly valid token of its own, aims every REST and gRPC operation at tenant A's
/// persona. Each gets 404 / NOT_FOUND (existence not leaked), and tenant A's journal is exactly as it was.
/// </summary>
public sealed class TenancyAttackTests(KestrelGateway gateway) : IClassFixture<KestrelGateway>
{
    private const string Victim = "victim";

    /// <summary>A second persona of A, whose id B hires for itself (so B never holds a "victim" of its own).</summary>
    private const string Namesake = "namesake";
    private const string VictimStreams = "persona/tenant-a/";
    private static readonly SemaphoreSlim Setup = new(1, 1);

    public static TheoryData<string, string, string?> RestOperations => new()
    {
        { "GET", $"{PersonasPath}/{Victim}", null },
        { "PUT", $"{PersonasPath}/{Victim}/profile", Profile(name: "Hijacked") },
        { "POST", $"{PersonasPath}/{Victim}/people/bob/facts", Fact("note", "Planted by B.") },
        { "PUT", $"{PersonasPath}/{Victim}/people/bob/facts/1", """{"text": "Rewritten by B."}""" },
        { "DELETE", $"{PersonasPath}/{Victim}/people/bob/facts/1", null },
        { "GET", $"{PersonasPath}/{Victim}/people/bob", null },
        { "DELETE", $"{PersonasPath}/{Victim}/people/bob", null },
    };

    [Theory]
    [MemberData(nameof(RestOperations))]
    public async Task Every_REST_operation_on_another_tenants_persona_is_404_and_changes_nothing(string method, string path, string? body)
    {
        var before = await VictimJournalAsync();
        using var b = await gateway.ClientForAsync(TestClients.TenantB);

        using var response = await b.SendAsync(new HttpMethod(method), path, body);

        await response.ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(before, await gateway.Database.JournalAsync(VictimStreams));
        // B's own empty "victim" was asked, never created.
        Assert.Equal(0, await gateway.Database.CountAsync("select count(*) from mt_streams where id = $1", "persona/tenant-b/victim"));
    }

    public static TheoryData<string> GrpcOperations => new() { "GetPersona", "GetPerson", "UpdateProfile", "RememberFact", "ReviseFact", "RetractFact", "ForgetPerson" };

    [Theory]
    [MemberData(nameof(GrpcOperations))]
    public async Task Every_grpc_operation_on_another_tenants_persona_is_NOT_FOUND_and_changes_nothing(string rpc)
    {
        var before = await VictimJournalAsync();
        using var channel = gateway.OpenGrpcChannel();
        var b = new Client(await gateway.GrpcForAsync(channel, TestClients.TenantB));

        var error = await Assert.ThrowsAsync<RpcException>(() => Call(b, rpc, Victim));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal(before, await gateway.Database.JournalAsync(VictimStreams));
        Assert.Equal(0, await gateway.Database.CountAsync("select count(*) from mt_streams where id = $1", "persona/tenant-b/victim"));
    }

    [Fact]
    public async Task Hiring_another_tenants_persona_id_hires_ones_own_and_leaves_theirs_alone()
    {
        var before = await VictimJournalAsync();
        using var b = await gateway.ClientForAsync(TestClients.TenantB);
        using var channel = gateway.OpenGrpcChannel();
        var grpc = new Client(await gateway.GrpcForAsync(channel, TestClients.TenantB));

        using var rest = await b.SendAsync(HttpMethod.Post, PersonasPath, Profile(Namesake, name: "B's own"));
        var twice = await Assert.ThrowsAsync<RpcException>(() => grpc.HireAsync(Hire(Namesake)).ResponseAsync);

        Assert.Equal("B's own", (await rest.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("name").GetString());
        Assert.Equal(StatusCode.AlreadyExists, twice.StatusCode); // B's own namesake, hired a moment ago
        Assert.Equal(before, await gateway.Database.JournalAsync(VictimStreams));
        using var a = await gateway.ClientForAsync(TestClients.TenantA);
        Assert.Equal("Ada's namesake", (await a.GetJsonAsync($"{PersonasPath}/{Namesake}")).GetProperty("name").GetString());
    }

    public static TheoryData<string> SmuggledIds => new() { "tenant-a%2Fvictim", "..%2Ftenant-a%2Fvictim", "tenant-a%2F..%2Fvictim" };

    [Theory]
    [MemberData(nameof(SmuggledIds))]
    public async Task A_persona_id_that_names_a_tenant_is_refused(string encodedId)
    {
        var before = await VictimJournalAsync();
        using var b = await gateway.ClientForAsync(TestClients.TenantB);
        using var channel = gateway.OpenGrpcChannel();
        var grpc = new Client(await gateway.GrpcForAsync(channel, TestClients.TenantB));

        using var rest = await b.GetAsync($"{PersonasPath}/{encodedId}");
        var error = await Assert.ThrowsAsync<RpcException>(() => grpc.GetPersonaAsync(new GetPersonaRequest { PersonaId = Uri.UnescapeDataString(encodedId) }).ResponseAsync);

        Assert.True(rest.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{(int)rest.StatusCode}");
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(before, await gateway.Database.JournalAsync(VictimStreams));
    }

    [Fact]
    public async Task Naming_the_tenant_in_a_header_query_or_body_changes_nothing()
    {
        var before = await VictimJournalAsync();
        using var b = await gateway.ClientForAsync(TestClients.TenantB);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{PersonasPath}/{Victim}?tenant={TestClients.TenantA}&client_id={TestClients.TenantA}");
        request.Headers.Add("X-Tenant", TestClients.TenantA);
        request.Headers.Add("X-Client-Id", TestClients.TenantA);

        using var read = await b.SendAsync(request);
        using var write = await b.SendAsync(HttpMethod.Post, $"{PersonasPath}/{Victim}/people/bob/facts",
            $$"""{"kind": "note", "text": "Planted.", "tenant": "{{TestClients.TenantA}}", "clientId": "{{TestClients.TenantA}}"}""");

        await read.ReadProblemAsync(HttpStatusCode.NotFound);
        await write.ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(before, await gateway.Database.JournalAsync(VictimStreams));
    }

    [Fact]
    public async Task Reusing_another_tenants_Idempotency_Key_gets_no_answer_of_theirs()
    {
        using var a = await gateway.ClientForAsync(TestClients.TenantA);
        using var b = await gateway.ClientForAsync(TestClients.TenantB);
        using var first = await a.SendAsync(HttpMethod.Post, PersonasPath, Profile(name: "A's keyed"), "shared-key");
        var aId = (await first.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        var before = await VictimJournalAsync();

        using var second = await b.SendAsync(HttpMethod.Post, PersonasPath, Profile(name: "B's keyed"), "shared-key");

        var bBody = await second.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("B's keyed", bBody.GetProperty("name").GetString());
        Assert.NotEqual(aId, bBody.GetProperty("id").GetString());
        Assert.Equal(before, await gateway.Database.JournalAsync(VictimStreams));
    }

    [Fact]
    public async Task The_directory_of_one_tenant_never_lists_another_tenants_personas()
    {
        await VictimJournalAsync();
        using var a = await gateway.ClientForAsync(TestClients.TenantA);
        using var b = await gateway.ClientForAsync(TestClients.TenantB);
        await Eventually.TrueAsync(async () => (await a.GetJsonAsync(PersonasPath)).GetProperty("items").GetArrayLength() > 0,
            "tenant A's directory lists its persona");

        var page = await b.GetJsonAsync($"{PersonasPath}?limit=200");

        Assert.NotEqual(0, (await a.GetJsonAsync(PersonasPath)).GetProperty("items").GetArrayLength());
        Assert.DoesNotContain(page.GetProperty("items").EnumerateArray(), p => p.GetProperty("name").GetString() == "Ada" && p.GetProperty("id").GetString() == Victim);
    }

    private static Task Call(Client b, string rpc, string personaId) => rpc switch
    {
        "GetPersona" => b.GetPersonaAsync(new GetPersonaRequest { PersonaId = personaId }).ResponseAsync,
        "GetPerson" => b.GetPersonAsync(new GetPersonRequest { PersonaId = personaId, PersonId = "bob" }).ResponseAsync,
        "UpdateProfile" => b.UpdateProfileAsync(new UpdateProfileRequest { RequestId = NewRequestId(), PersonaId = personaId, Profile = GrpcPersonas.Profile("Hijacked") }).ResponseAsync,
        "RememberFact" => b.RememberFactAsync(Remember(personaId, "bob", "Planted by B.")).ResponseAsync,
        "ReviseFact" => b.ReviseFactAsync(new ReviseFactRequest { RequestId = NewRequestId(), PersonaId = personaId, PersonId = "bob", FactId = 1, Text = "Rewritten." }).ResponseAsync,
        "RetractFact" => b.RetractFactAsync(new RetractFactRequest { RequestId = NewRequestId(), PersonaId = personaId, PersonId = "bob", FactId = 1 }).ResponseAsync,
        "ForgetPerson" => b.ForgetPersonAsync(new ForgetPersonRequest { RequestId = NewRequestId(), PersonaId = personaId, PersonId = "bob" }).ResponseAsync,
        _ => throw new ArgumentOutOfRangeException(nameof(rpc), rpc, null),
    };

    /// <summary>Tenant A's persona "victim" with facts 1 and 2 about bob, and "namesake" (once per fixture); returns A's journal as it is now.</summary>
    private async Task<string> VictimJournalAsync()
    {
        await Setup.WaitAsync();
        try
        {
            if (await gateway.Database.CountAsync("select count(*) from mt_streams where id = $1", $"{VictimStreams}{Victim}") == 0)
            {
                using var a = await gateway.ClientForAsync(TestClients.TenantA);
                await a.HireAsync(Victim, name: "Ada");
                await a.RememberAsync(Victim, "bob", Fact("like", "Likes tea."));
                await a.RememberAsync(Victim, "bob", Fact("note", "Lives in Porto."));
                await a.HireAsync(Namesake, name: "Ada's namesake");
            }
            var journal = await gateway.Database.JournalAsync(VictimStreams);
            Assert.Contains("Likes tea.", journal);
            return journal;
        }
        finally
        {
            Setup.Release();
        }
    }
}
