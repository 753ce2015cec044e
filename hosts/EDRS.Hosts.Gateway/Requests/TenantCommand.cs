using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using EDRS.Hosts.Gateway.Tenancy;
using Microsoft.AspNetCore.Mvc;

namespace EDRS.Hosts.Gateway.Requests;

/// <summary>
/// What every REST command handler needs, bound once (<c>[AsParameters]</c>, as eShop's handlers bundle their services):
/// the tenant's grains, the caller, the request id the command carries to its grain, and the request's cancellation.
/// </summary>
/// <param name="Grains">The tenant's grains.</param>
/// <param name="User">The caller (its token's claims).</param>
/// <param name="IdempotencyKey">The client's retry key; checked by <see cref="IdempotencyKeyFilter"/> on every command group.</param>
/// <param name="Aborted">The request's cancellation.</param>
public sealed record TenantCommand(
    TenantGrains Grains,
    ClaimsPrincipal User,
    [property: FromHeader(Name = IdempotencyKeyFilter.Header)] string? IdempotencyKey,
    CancellationToken Aborted)
{
    private string? _requestId;

    /// <summary>The tenant every grain of this call belongs to: the token's client.</summary>
    public string Tenant => User.Tenant();

    /// <summary>
    /// The request id the grain deduplicates on: the client's Idempotency-Key, or a new id (the command then has no retry
    /// protection across requests). The same for every grain command of this call.
    /// </summary>
    public string RequestId => _requestId ??= IdempotencyKey ?? Guid.CreateVersion7().ToString("N");

    /// <summary>
    /// The id of a grain this command creates without the client naming one (<paramref name="prefix"/> + 32 hex), derived
    /// from the Idempotency-Key so a retried create addresses the same grain; null when the call has no key.
    /// </summary>
    public string? KeyFromIdempotencyKey(string prefix) =>
        IdempotencyKey is null
            ? null
            : $"{prefix}-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{Tenant}\n{IdempotencyKey}")))[..32];
}
