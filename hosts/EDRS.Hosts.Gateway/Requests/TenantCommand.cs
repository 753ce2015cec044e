using System.Security.Claims;
using EDRS.Grains.Contracts.Personas;
using EDRS.Grains.Contracts.Sessions;
using EDRS.Hosts.Gateway.Idempotency;
using EDRS.Hosts.Gateway.Tenancy;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.AspNetCore.Mvc;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace EDRS.Hosts.Gateway.Requests;

/// <summary>
/// What every REST command handler needs, bound once (<c>[AsParameters]</c>, as eShop's handlers bundle their services):
/// the tenant's grains, the caller, the request id the command carries to its grain, and the request's cancellation.
/// Grain clients taken from here (<see cref="Persona"/>, <see cref="Session"/>) claim the Idempotency-Key, if the client
/// sent one, before its command is sent (<see cref="IdempotencyKeys"/>).
/// </summary>
/// <param name="Grains">The tenant's grains.</param>
/// <param name="Keys">The Idempotency-Key registry.</param>
/// <param name="User">The caller (its token's claims).</param>
/// <param name="IdempotencyKey">The client's retry key; checked by <see cref="IdempotencyKeyFilter"/> on every command group.</param>
/// <param name="Aborted">The request's cancellation.</param>
public sealed record TenantCommand(
    TenantGrains Grains,
    IdempotencyKeys Keys,
    ClaimsPrincipal User,
    [property: FromHeader(Name = IdempotencyKeyFilter.Header)] string? IdempotencyKey,
    CancellationToken Aborted)
{
    private string? _requestId;
    private IdempotencyKeyClaim? _claim;

    /// <summary>The tenant every grain of this call belongs to: the token's client.</summary>
    public string Tenant => User.Tenant();

    /// <summary>
    /// The request id the grain deduplicates on: the client's Idempotency-Key, or a new id (the command then has no retry
    /// protection across requests). The same for every grain command of this call.
    /// </summary>
    public string RequestId => _requestId ??= IdempotencyKey ?? Guid.CreateVersion7().ToString("N");

    /// <summary>This call's Idempotency-Key, claimed with the first command that carries it; null without a key.</summary>
    public IdempotencyKeyClaim? Claim => IdempotencyKey is null ? null : _claim ??= new IdempotencyKeyClaim(Keys, Tenant, IdempotencyKey);

    /// <summary>The typed client of the tenant's persona <paramref name="personaId"/>, claiming the key on its first command.</summary>
    public PersonaGrain.PersonaGrainClient Persona(string personaId) => new(Invoker(PersonaGrain.Descriptor, personaId, "persona_id"));

    /// <summary>The typed client of the tenant's session <paramref name="sessionId"/>, claiming the key on its first command.</summary>
    public SessionGrain.SessionGrainClient Session(string sessionId) => new(Invoker(SessionGrain.Descriptor, sessionId, "session_id"));

    /// <summary>
    /// The id of a grain this command creates without the client naming one (<paramref name="prefix"/> + 32 hex), derived
    /// from the Idempotency-Key so a retried create addresses the same grain; null when the call has no key.
    /// </summary>
    public string? KeyFromIdempotencyKey(string prefix) =>
        IdempotencyKey is null
            ? null
            : IdempotencyKeys.DerivedId(prefix, Tenant, IdempotencyKey);

    private CallInvoker Invoker(ServiceDescriptor service, string key, string keyField)
    {
        var invoker = Grains.Invoker(service, Tenant, key);
        return Claim is { } claim ? invoker.Intercept(new IdempotencyKeyInterceptor(claim, key, keyField)) : invoker;
    }
}
