using System.Security.Claims;

namespace EDRS.Hosts.Gateway.Auth;

/// <summary>The claims the gateway reads from a token, whichever issuer signed it.</summary>
public static class GatewayClaims
{
    /// <summary>The client, which is the tenant: it prefixes every grain identity the call reaches.</summary>
    public const string ClientId = "client_id";

    /// <summary>One claim per role: <see cref="GatewayRoles.Admin"/> or <see cref="GatewayRoles.User"/>.</summary>
    public const string Role = "role";

    /// <summary>The rate-limit tier, e.g. <c>standard</c>.</summary>
    public const string Tier = "tier";

    /// <summary>
    /// The one value of the claim <paramref name="type"/>, or null when the caller has none or several: a tenant or a tier
    /// named twice names neither (external tokens with two are refused at authentication; this keeps every reader strict).
    /// </summary>
    public static string? SingleValue(this ClaimsPrincipal user, string type)
    {
        string? value = null;
        foreach (var claim in user.FindAll(type))
        {
            if (value is not null)
                return null;
            value = claim.Value;
        }
        return value;
    }
}
