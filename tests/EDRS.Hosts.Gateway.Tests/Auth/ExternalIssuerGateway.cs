using EDRS.Testing.Gateway;

namespace EDRS.Hosts.Gateway.Tests.Auth;

/// <summary>
/// A gateway configured for an external OIDC issuer (<c>Auth:Authority</c>): it fetches the issuer's discovery
/// document and keys, accepts its tokens with the claim names configured for it, and serves no token endpoint.
/// </summary>
public sealed class ExternalIssuerGateway : GatewayFixture
{
    internal FakeOidcIssuer Issuer { get; } = new();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Auth:Authority", Issuer.Authority),
        new("Auth:RequireHttpsMetadata", "false"),
        new("Auth:TenantClaim", "tenant"),
        new("Auth:RoleClaim", "roles"),
        new("Auth:TierClaim", "plan"),
    ];

    public override async Task InitializeAsync()
    {
        await Issuer.StartAsync();
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Issuer.DisposeAsync();
    }

    protected override Task<string> IssueTokenAsync(string clientId) =>
        Task.FromResult(Issuer.Issue(new Dictionary<string, object> { ["tenant"] = clientId, ["roles"] = new[] { "admin", "user" }, ["plan"] = "unmetered" }));
}
