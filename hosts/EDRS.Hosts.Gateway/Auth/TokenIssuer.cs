using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EDRS.Hosts.Gateway.Auth;

/// <summary>The local issuer: checks client credentials against the configured hashes and signs tokens.</summary>
public sealed class TokenIssuer(IOptions<AuthOptions> options, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new();

    // Verified against when the client id is unknown, so a wrong id costs as much as a wrong secret and response times do
    // not tell which client ids exist: hashed with as many iterations as the costliest configured client's hash.
    private readonly Lazy<string> _unknownClientHash = new(() => ClientSecretHash.Create(
        Guid.NewGuid().ToString(),
        options.Value.Clients.Values.Select(c => ClientSecretHash.IterationsOf(c.SecretHash) ?? 0).DefaultIfEmpty(0).Max() is var most and > 0
            ? most
            : ClientSecretHash.DefaultIterations));

    private readonly Lazy<SigningCredentials> _credentials = new(() =>
        new SigningCredentials(SigningKeys.Create(options.Value.SigningKey!), SecurityAlgorithms.HmacSha256));

    /// <summary>The client if <paramref name="secret"/> is its secret; null otherwise.</summary>
    public ClientOptions? Authenticate(string clientId, string secret)
    {
        var known = options.Value.Clients.TryGetValue(clientId, out var client);
        var valid = ClientSecretHash.Verify(secret, known ? client!.SecretHash : _unknownClientHash.Value);
        return known && valid ? client : null;
    }

    /// <summary>A signed token for <paramref name="clientId"/>: claims client_id (the tenant), role (each), tier.</summary>
    public IssuedToken Issue(string clientId, ClientOptions client)
    {
        var now = time.GetUtcNow();
        var expires = now + options.Value.TokenLifetime;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = options.Value.Issuer,
            Audience = options.Value.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = _credentials.Value,
            Subject = new ClaimsIdentity(
            [
                new Claim(JwtRegisteredClaimNames.Sub, clientId),
                new Claim(JwtRegisteredClaimNames.Jti, Guid.CreateVersion7().ToString()),
                new Claim(GatewayClaims.ClientId, clientId),
                new Claim(GatewayClaims.Tier, client.Tier),
                .. client.Roles.Select(role => new Claim(GatewayClaims.Role, role)),
            ]),
        };
        return new IssuedToken(_handler.CreateToken(descriptor), expires);
    }
}
