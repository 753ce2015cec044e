using System.Net;
using EDRS.Testing.Gateway;
using static EDRS.Testing.Gateway.Api;

namespace EDRS.Attacks.Tests.Auth;

/// <summary>An external issuer configured with the gateway's own claim names: a token that repeats one of them is no token.</summary>
public sealed class NativeClaimNamesTests(NativeClaimNamesIssuerGateway gateway) : IClassFixture<NativeClaimNamesIssuerGateway>
{
    [Fact]
    public async Task A_token_naming_two_client_ids_is_401_not_the_first_of_them()
    {
        using var client = gateway.ClientWithToken(gateway.Issuer.Issue(new Dictionary<string, object>
        {
            ["client_id"] = new[] { TestClients.TenantA, TestClients.TenantB },
            ["role"] = new[] { "admin", "user" },
            ["tier"] = "unmetered",
        }));

        using var hire = await client.SendAsync(HttpMethod.Post, PersonasPath, Profile("claims-two-ids"));

        await hire.ReadProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(0, await gateway.Database.CountAsync("select count(*) from mt_events where stream_id like $1", "persona/%/claims-two-ids"));
    }

    [Fact]
    public async Task A_token_naming_two_tiers_is_401()
    {
        using var client = gateway.ClientWithToken(gateway.Issuer.Issue(new Dictionary<string, object>
        {
            ["client_id"] = TestClients.TenantA,
            ["role"] = "user",
            ["tier"] = new[] { "unmetered", "standard" },
        }));

        using var response = await client.GetAsync(PersonasPath);

        await response.ReadProblemAsync(HttpStatusCode.Unauthorized);
    }
}
