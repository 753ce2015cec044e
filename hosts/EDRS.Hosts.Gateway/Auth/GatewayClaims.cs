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
}
