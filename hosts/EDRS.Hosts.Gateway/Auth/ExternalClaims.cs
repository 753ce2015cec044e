using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace EDRS.Hosts.Gateway.Auth;

/// <summary>
/// Tokens of an external issuer name the tenant, roles and tier with claims of its own choosing
/// (<see cref="AuthOptions.TenantClaim"/>, ...). The configured claim <em>replaces</em> any claim of the gateway's own name
/// for the same thing, so everything after authentication reads <see cref="GatewayClaims"/> alone and a token cannot add
/// a second tenant, role or tier through a claim the gateway was not told to read. A tenant or tier given more than once
/// is ambiguous: the token does not authenticate (401).
/// </summary>
internal static class ExternalClaims
{
    public static Task NormalizeAsync(TokenValidatedContext context, AuthOptions settings)
    {
        if (context.Principal?.Identity is not ClaimsIdentity identity)
            return Task.CompletedTask;
        // Read every configured claim before replacing any: a configured name may be another meaning's gateway name.
        var tenants = ValuesOf(identity, settings.TenantClaim);
        var roles = ValuesOf(identity, settings.RoleClaim);
        var tiers = ValuesOf(identity, settings.TierClaim);
        if (tenants.Count > 1)
        {
            context.Fail(new AmbiguousClaimException(settings.TenantClaim, "tenant"));
            return Task.CompletedTask;
        }
        if (tiers.Count > 1)
        {
            context.Fail(new AmbiguousClaimException(settings.TierClaim, "rate-limit tier"));
            return Task.CompletedTask;
        }
        Replace(identity, GatewayClaims.ClientId, tenants);
        Replace(identity, GatewayClaims.Role, roles);
        Replace(identity, GatewayClaims.Tier, tiers);
        return Task.CompletedTask;
    }

    private static List<string> ValuesOf(ClaimsIdentity identity, string claim) => [.. identity.FindAll(claim).Select(c => c.Value)];

    private static void Replace(ClaimsIdentity identity, string gatewayClaim, List<string> values)
    {
        foreach (var native in identity.FindAll(gatewayClaim).ToList())
            identity.RemoveClaim(native);
        foreach (var value in values)
            identity.AddClaim(new Claim(gatewayClaim, value));
    }
}
