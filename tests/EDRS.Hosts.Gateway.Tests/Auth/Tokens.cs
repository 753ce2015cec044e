using System.Security.Cryptography;
using EDRS.Testing.Gateway;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EDRS.Hosts.Gateway.Tests.Auth;

/// <summary>Tokens minted by hand, good and bad in exactly one way each.</summary>
internal static class Tokens
{
    private static readonly JsonWebTokenHandler Handler = new();

    public static string Mint(
        string? clientId = TestClients.Default,
        string[]? roles = null,
        string tier = "unmetered",
        string issuer = TestClients.Issuer,
        string audience = TestClients.Audience,
        string? signingKey = null,
        DateTime? expires = null)
    {
        var claims = new Dictionary<string, object> { ["tier"] = tier, ["role"] = roles ?? ["admin", "user"] };
        if (clientId is not null)
            claims["client_id"] = clientId;
        var expiry = expires ?? DateTime.UtcNow.AddHours(1);
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = expiry.AddHours(-1),
            NotBefore = expiry.AddHours(-1),
            Expires = expiry,
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Convert.FromBase64String(signingKey ?? TestClients.SigningKey)), SecurityAlgorithms.HmacSha256),
        });
    }

    public static string OtherKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>An unsigned token (<c>alg: none</c>) claiming to be the default tenant's admin.</summary>
    public static string Unsigned() =>
        Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = TestClients.Issuer,
            Audience = TestClients.Audience,
            Claims = new Dictionary<string, object> { ["client_id"] = TestClients.Default, ["role"] = new[] { "admin", "user" } },
            Expires = DateTime.UtcNow.AddHours(1),
        });
}
