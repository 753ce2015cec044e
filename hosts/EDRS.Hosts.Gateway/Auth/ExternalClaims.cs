using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace EDRS.Hosts.Gateway.Auth;

/// <summary>
/// Tokens of an external issuer name the tenant, roles and tier with claims of its own choosing
/// (<see cref="AuthOptions.TenantClaim"/>, ...); they are copied to the gateway's names so everything
/// after authentication reads <see cref="GatewayClaims"/> alone.
/// </summary>
internal static class ExternalClaims
{
    public static Task NormalizeAsync(TokenValidatedContext context, AuthOptions settings)
    {
        if (context.Principal?.Identity is not ClaimsIdentity identity)
            return Task.CompletedTask;
        Copy(identity, settings.TenantClaim, GatewayClaims.ClientId, single: true);
        Copy(identity, settings.RoleClaim, GatewayClaims.Role, single: false);
        Copy(identity, settings.TierClaim, GatewayClaims.Tier, single: true);
        return Task.CompletedTask;
    }

    private static void Copy(ClaimsIdentity identity, string from, string to, bool single)
    {
        if (from == to)
            return;
        var values = identity.FindAll(from).Select(c => c.Value).ToList();
        // A tenant or tier given twice is ambiguous: leave it out, and the policies refuse the token.
        if (single && values.Count != 1)
            return;
        foreach (var value in values)
            identity.AddClaim(new Claim(to, value));
    }
}
