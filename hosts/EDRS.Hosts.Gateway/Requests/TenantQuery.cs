using System.Security.Claims;
using EDRS.Hosts.Gateway.Tenancy;

namespace EDRS.Hosts.Gateway.Requests;

/// <summary>What every REST read handler needs, bound once (<c>[AsParameters]</c>): the tenant's grains, the caller and the cancellation.</summary>
public sealed record TenantQuery(TenantGrains Grains, ClaimsPrincipal User, CancellationToken Aborted)
{
    /// <summary>The tenant every grain of this call belongs to: the token's client.</summary>
    public string Tenant => User.Tenant();
}
