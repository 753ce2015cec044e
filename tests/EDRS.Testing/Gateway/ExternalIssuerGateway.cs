namespace EDRS.Testing.Gateway;

/// <summary>
/// A gateway configured for an external OIDC issuer (<c>Auth:Authority</c>, the <see cref="FakeOidcIssuer"/> double): it
/// fetches the issuer's discovery document and keys, accepts its tokens with the claim names configured for it
/// (by default <c>tenant</c>, <c>roles</c>, <c>plan</c>, as an identity provider of its own naming would issue them), and
/// serves no token endpoint. Variants with other claim names are one-line subclasses.
/// </summary>
public class ExternalIssuerGateway : GatewayFixture
{
    public ExternalIssuerGateway()
        : this(tenantClaim: "tenant", roleClaim: "roles", tierClaim: "plan")
    {
    }

    protected ExternalIssuerGateway(string tenantClaim, string roleClaim, string tierClaim) =>
        (TenantClaim, RoleClaim, TierClaim) = (tenantClaim, roleClaim, tierClaim);

    public FakeOidcIssuer Issuer { get; } = new();

    /// <summary><c>Auth:TenantClaim</c>: the claim of the issuer's tokens that names the tenant.</summary>
    public string TenantClaim { get; }

    /// <summary><c>Auth:RoleClaim</c>.</summary>
    public string RoleClaim { get; }

    /// <summary><c>Auth:TierClaim</c>.</summary>
    public string TierClaim { get; }

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Auth:Authority", Issuer.Authority),
        new("Auth:RequireHttpsMetadata", "false"),
        new("Auth:TenantClaim", TenantClaim),
        new("Auth:RoleClaim", RoleClaim),
        new("Auth:TierClaim", TierClaim),
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
        Task.FromResult(Issuer.Issue(new Dictionary<string, object> { [TenantClaim] = clientId, [RoleClaim] = new[] { "admin", "user" }, [TierClaim] = "unmetered" }));
}
