using EDRS.Grains.Runtime;
using Microsoft.AspNetCore.Authorization;

namespace EDRS.Hosts.Gateway.Auth;

/// <summary>
/// The two authorization policies every /api/v1 and gRPC call runs under. Both require a token whose
/// <c>client_id</c> is a valid tenant, since it becomes part of every grain identity the call reaches.
/// </summary>
public static class GatewayPolicies
{
    /// <summary>Reads and talks to personas: role <c>user</c> or <c>admin</c>.</summary>
    public const string User = "user";

    /// <summary>Manages personas: role <c>admin</c>.</summary>
    public const string Admin = "admin";

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(User, policy => policy
            .RequireAuthenticatedUser()
            .RequireAssertion(HasTenant)
            .RequireRole(GatewayRoles.User, GatewayRoles.Admin));
        options.AddPolicy(Admin, policy => policy
            .RequireAuthenticatedUser()
            .RequireAssertion(HasTenant)
            .RequireRole(GatewayRoles.Admin));
    }

    private static bool HasTenant(AuthorizationHandlerContext context) =>
        GrainIds.IsTenant(context.User.SingleValue(GatewayClaims.ClientId));
}
