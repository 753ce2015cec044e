using System.Net;
using EDRS.Testing.Gateway;
using static EDRS.Testing.Gateway.Api;

namespace EDRS.Attacks.Tests.Auth;

/// <summary>
/// Tokens of an external OIDC issuer that carry, beside the claims the gateway is configured to read
/// (<c>Auth__TenantClaim=tenant</c>, <c>Auth__RoleClaim=roles</c>, <c>Auth__TierClaim=plan</c>), claims under the gateway's
/// native names, or two values where one is meant. The configured claim alone decides; two tenants or two tiers are no token.
/// </summary>
public sealed class ClaimConfusionTests(ExternalIssuerGateway gateway) : IClassFixture<ExternalIssuerGateway>
{
    [Fact]
    public async Task A_native_client_id_beside_the_configured_tenant_claim_does_not_choose_the_tenant()
    {
        using var client = gateway.ClientWithToken(gateway.Issuer.Issue(new Dictionary<string, object>
        {
            ["tenant"] = TestClients.TenantA,
            ["client_id"] = TestClients.TenantB,
            ["roles"] = new[] { "admin", "user" },
            ["plan"] = "unmetered",
        }));

        using var hire = await client.SendAsync(HttpMethod.Post, PersonasPath, Profile("claims-tenant"));

        await hire.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(0, await gateway.Database.CountAsync("select count(*) from mt_events where stream_id = $1", $"persona/{TestClients.TenantB}/claims-tenant"));
        Assert.Equal(1, await gateway.Database.CountAsync("select count(*) from mt_events where stream_id = $1", $"persona/{TestClients.TenantA}/claims-tenant"));
    }

    [Fact]
    public async Task A_native_role_claim_does_not_grant_a_role_the_configured_claim_withholds()
    {
        using var client = gateway.ClientWithToken(gateway.Issuer.Issue(new Dictionary<string, object>
        {
            ["tenant"] = TestClients.TenantA,
            ["roles"] = "user",
            ["role"] = "admin",
            ["plan"] = "unmetered",
        }));

        using var hire = await client.SendAsync(HttpMethod.Post, PersonasPath, Profile("claims-role"));

        await hire.ReadProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_native_tier_claim_does_not_lift_the_configured_tier()
    {
        using var client = gateway.ClientWithToken(gateway.Issuer.Issue(new Dictionary<string, object>
        {
            ["tenant"] = "claims-tier",
            ["roles"] = "user",
            ["plan"] = "standard",
            ["tier"] = "unmetered",
        }));

        using var list = await client.GetAsync(PersonasPath);

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal("60", list.Headers.GetValues("X-RateLimit-Limit").Single());
    }

    public static TheoryData<string> AmbiguousClaims => new() { "tenant", "plan" };

    [Theory]
    [MemberData(nameof(AmbiguousClaims))]
    public async Task A_token_with_two_values_of_the_tenant_or_tier_claim_is_401_naming_the_claim(string claim)
    {
        var claims = new Dictionary<string, object> { ["tenant"] = TestClients.TenantA, ["roles"] = new[] { "admin", "user" }, ["plan"] = "unmetered" };
        claims[claim] = claim == "tenant" ? new[] { TestClients.TenantA, TestClients.TenantB } : new[] { "standard", "unmetered" };
        using var client = gateway.ClientWithToken(gateway.Issuer.Issue(claims));

        using var response = await client.GetAsync(PersonasPath);

        var problem = await response.ReadProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains($"'{claim}'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
