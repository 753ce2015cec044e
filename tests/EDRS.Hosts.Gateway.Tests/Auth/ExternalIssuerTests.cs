using System.Net;
using System.Security.Cryptography;
using EDRS.Testing.Gateway;
using Microsoft.IdentityModel.Tokens;
using static EDRS.Testing.Gateway.Api;

namespace EDRS.Hosts.Gateway.Tests.Auth;

/// <summary>Validation against an external OIDC issuer, configured by <c>Auth:Authority</c> alone.</summary>
public sealed class ExternalIssuerTests(ExternalIssuerGateway gateway) : IClassFixture<ExternalIssuerGateway>
{
    [Fact]
    public async Task A_token_of_the_external_issuer_acts_for_the_tenant_its_configured_claim_names()
    {
        using var hire = await gateway.Client.SendAsync(HttpMethod.Post, PersonasPath, Profile("oidc-ada"));

        await hire.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(1, await gateway.Database.CountAsync("select count(*) from mt_events where stream_id = $1", "persona/default/oidc-ada"));
    }

    [Fact]
    public async Task Roles_and_tier_come_from_the_configured_claims()
    {
        using var reader = gateway.ClientWithToken(gateway.Issuer.Issue(new Dictionary<string, object> { ["tenant"] = "oidc-reader", ["roles"] = "user", ["plan"] = "professional" }));

        using var hire = await reader.SendAsync(HttpMethod.Post, PersonasPath, Profile("oidc-by-reader"));
        using var list = await reader.GetAsync(PersonasPath);

        await hire.ReadProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal("300", list.Headers.GetValues("X-RateLimit-Limit").Single());
    }

    public static TheoryData<string> ForeignTokens() => new()
    {
        "other key",
        "other issuer",
        "other audience",
        "local key",
    };

    [Theory]
    [MemberData(nameof(ForeignTokens))]
    public async Task Tokens_not_signed_by_the_issuers_published_keys_or_not_for_this_api_are_401(string how)
    {
        var claims = new Dictionary<string, object> { ["tenant"] = TestClients.Default, ["roles"] = new[] { "admin", "user" } };
        using var otherRsa = RSA.Create(2048);
        var token = how switch
        {
            "other key" => gateway.Issuer.Issue(claims, key: new RsaSecurityKey(otherRsa) { KeyId = "fake-oidc-1" }),
            "other issuer" => gateway.Issuer.Issue(claims, issuer: "http://127.0.0.1:1/"),
            "other audience" => gateway.Issuer.Issue(claims, audience: "someone-else"),
            _ => Tokens.Mint(), // signed with the local HS256 key: not trusted in this mode
        };
        using var client = gateway.ClientWithToken(token);

        using var response = await client.GetAsync(PersonasPath);

        await response.ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_token_endpoint_is_not_served()
    {
        using var response = await gateway.Anonymous.PostAsync("/api/v1/auth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = TestClients.Default,
            ["client_secret"] = TestClients.Secret,
        }));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
