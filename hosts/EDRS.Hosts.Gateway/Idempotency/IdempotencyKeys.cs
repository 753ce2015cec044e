using System.Security.Cryptography;
using System.Text;
using EDRS.Grains.Runtime;
using EDRS.Persistence.Idempotency;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EDRS.Hosts.Gateway.Idempotency;

/// <summary>
/// The gateway's registry of Idempotency-Keys, per tenant (the same key in two tenants is two keys), consulted before a
/// command is sent: a new key is bound to the request's fingerprint; the same request again is forwarded (its grain
/// answers it again); another request under a bound key is refused with FAILED_PRECONDITION
/// <c>idempotency-key-reused</c> (REST: 422) — never answered with the first request's reply.
/// </summary>
public sealed partial class IdempotencyKeys(IdempotencyKeyStore store, IOptions<IdempotencyOptions> options, ILogger<IdempotencyKeys> logger)
{
    /// <summary>
    /// Binds <paramref name="key"/> of <paramref name="tenant"/> to <paramref name="fingerprint"/>, or refuses it.
    /// </summary>
    /// <param name="tenant">The caller's tenant.</param>
    /// <param name="key">The client's key.</param>
    /// <param name="fingerprint">What the request asks for (<see cref="RequestFingerprint"/>).</param>
    /// <param name="assignedId">An id to assign for this request if it is new; a repeat gets the first request's.</param>
    /// <param name="cancellationToken">The call's cancellation.</param>
    /// <exception cref="RpcException">
    /// FAILED_PRECONDITION (<see cref="GrainFaultReasons.IdempotencyKeyReused"/>) for another request; UNAVAILABLE when the
    /// registry cannot be reached (the command is not sent).
    /// </exception>
    public async Task<IdempotencyKeyRecord> ClaimAsync(string tenant, string key, string fingerprint, string? assignedId, CancellationToken cancellationToken)
    {
        IdempotencyKeyRecord record;
        try
        {
            record = await store.ClaimAsync(tenant, key, fingerprint, assignedId, options.Value.Retention, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            LogRegistryFailed(logger, ex, tenant);
            throw new RpcException(new Status(StatusCode.Unavailable, "The Idempotency-Key could not be checked; the request was not applied. Retry it."));
        }
        if (!string.Equals(record.Fingerprint, fingerprint, StringComparison.Ordinal))
            throw GrainFaults.ToRpcException(GrainException.RequestIdReused(key).ToFault());
        return record;
    }

    /// <summary>Unbinds a key this request bound: the request was refused with no effect, so the key may carry a corrected one.</summary>
    public async Task ReleaseAsync(string tenant, string key, string fingerprint)
    {
        try
        {
            await store.ReleaseAsync(tenant, key, fingerprint, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            // The key stays bound to the refused request until it expires: a corrected request needs a new key meanwhile.
            LogRegistryFailed(logger, ex, tenant);
        }
    }

    /// <summary>
    /// The id of what a create under <paramref name="key"/> makes without the client naming it (<paramref name="prefix"/> +
    /// 32 hex): the same for every retry of it, per tenant, so a retried create addresses the same thing.
    /// </summary>
    public static string DerivedId(string prefix, string tenant, string key) =>
        $"{prefix}-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{tenant}\n{key}")))[..32];

    /// <summary>
    /// Refusals after which nothing of the request was applied (its grain says so): the key is released. Unknown outcomes
    /// (timeouts, unavailability) keep it bound, so a retry stays the same request.
    /// </summary>
    public static bool LeftNoEffect(StatusCode code) => code is StatusCode.InvalidArgument or StatusCode.NotFound or StatusCode.AlreadyExists
        or StatusCode.FailedPrecondition or StatusCode.OutOfRange or StatusCode.PermissionDenied or StatusCode.ResourceExhausted;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Idempotency-Key registry of tenant {Tenant} could not be reached")]
    private static partial void LogRegistryFailed(ILogger logger, Exception exception, string tenant);
}
