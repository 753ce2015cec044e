namespace EDRS.Hosts.Gateway.Auth;

/// <summary>
/// A client allowed to get tokens from <c>POST /api/v1/auth/token</c> (section <c>Auth:Clients:{clientId}</c>).
/// The client id is the tenant.
/// </summary>
public sealed class ClientOptions
{
    /// <summary>
    /// The client secret, hashed: <c>pbkdf2-sha256${iterations}${salt}${hash}</c>, as printed by
    /// <c>dotnet EDRS.Hosts.Gateway.dll hash-secret</c>. Never the secret itself.
    /// </summary>
    public string SecretHash { get; set; } = "";

    /// <summary><c>admin</c> and/or <c>user</c>.</summary>
    public List<string> Roles { get; set; } = [];

    /// <summary>Rate-limit tier (a key of <c>RateLimits:Tiers</c>). Default <c>standard</c>.</summary>
    public string Tier { get; set; } = "standard";
}
