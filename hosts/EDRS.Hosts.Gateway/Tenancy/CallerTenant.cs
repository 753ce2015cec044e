using System.Security.Claims;
using EDRS.Hosts.Gateway.Auth;

namespace EDRS.Hosts.Gateway.Tenancy;

/// <summary>The tenant a call acts for: the token's one <c>client_id</c>, and nothing the request itself says.</summary>
public static class CallerTenant
{
    /// <summary>
    /// The caller's tenant. Only called behind <see cref="GatewayPolicies"/>, which admit no token without a
    /// valid one (exactly one); reaching here without it is a wiring bug, not a client error.
    /// </summary>
    public static string Tenant(this ClaimsPrincipal user) =>
        user.SingleValue(GatewayClaims.ClientId)
        ?? throw new InvalidOperationException("The call has no single client_id claim: is the endpoint missing its authorization policy?");
}
