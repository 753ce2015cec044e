namespace EDRS.Hosts.Gateway.Auth;

/// <summary>
/// Token authentication (section <c>Auth</c>; environment variables <c>Auth__...</c>). Two modes:
/// <list type="bullet">
/// <item>Local issuer (dev and small installs): the gateway signs its own tokens (HS256, <see cref="SigningKey"/>)
/// for the configured <see cref="Clients"/> at <c>POST /api/v1/auth/token</c>.</item>
/// <item>External OIDC issuer (production): set <see cref="Authority"/>; tokens are validated against its discovery
/// document and JWKS, and the token endpoint is not served.</item>
/// </list>
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>Local issuer: the <c>iss</c> of issued tokens. Default <c>edrs</c>.</summary>
    public string Issuer { get; set; } = "edrs";

    /// <summary>The <c>aud</c> tokens must carry (both modes). Default <c>edrs-api</c>.</summary>
    public string Audience { get; set; } = "edrs-api";

    /// <summary>
    /// Local issuer: the HS256 signing key, base64 of at least 32 random bytes. Required outside Development;
    /// in Development a random key is generated at start (tokens then end with the process).
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>Local issuer: lifetime of issued tokens. Default 1 hour.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Tolerated clock difference when checking expiry. Default 30 s.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>External OIDC issuer (e.g. <c>https://login.example.com/realms/edrs</c>); unset: local issuer.</summary>
    public string? Authority { get; set; }

    /// <summary>External issuer: fetch discovery and keys over HTTPS only. Default true.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>External issuer: the claim naming the client (tenant). Default <c>client_id</c>.</summary>
    public string TenantClaim { get; set; } = GatewayClaims.ClientId;

    /// <summary>External issuer: the claim holding roles. Default <c>role</c>.</summary>
    public string RoleClaim { get; set; } = GatewayClaims.Role;

    /// <summary>External issuer: the claim holding the rate-limit tier. Default <c>tier</c>.</summary>
    public string TierClaim { get; set; } = GatewayClaims.Tier;

    /// <summary>Local issuer: the clients that may get tokens, by client id (= tenant).</summary>
    public Dictionary<string, ClientOptions> Clients { get; set; } = new(StringComparer.Ordinal);

    /// <summary>True when tokens come from an external OIDC issuer rather than from this gateway.</summary>
    public bool UsesExternalIssuer => !string.IsNullOrWhiteSpace(Authority);
}
