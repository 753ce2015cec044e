using EDRS.Grains.Runtime;
using EDRS.Persistence.Idempotency;
using Google.Protobuf;
using Grpc.Core;

namespace EDRS.Hosts.Gateway.Idempotency;

/// <summary>
/// One call's Idempotency-Key (a REST request's header, a gRPC request's <c>request_id</c>), claimed once: on the first
/// grain command that carries it, with that command's fingerprint (the rpc, the grain key and the request message; see
/// <see cref="RequestFingerprint"/>), so REST and gRPC name the same request the same way. Later grain calls of the same
/// call (the router after a hand-back) are the gateway's own and claim nothing.
/// </summary>
public sealed class IdempotencyKeyClaim(IdempotencyKeys keys, string tenant, string key)
{
    private Task<IdempotencyKeyRecord>? _claim;
    private string? _fingerprint;

    public string Key { get; } = key;

    /// <summary>Runs <paramref name="command"/> under the key: claims it first (once), releases it if the command left no effect.</summary>
    public async Task<T> RunAsync<T>(string operation, string grainKey, IMessage request, string? keyField, Func<Task<T>> command, CancellationToken cancellationToken)
    {
        var claim = await ClaimAsync(operation, grainKey, request, keyField, cancellationToken).ConfigureAwait(false);
        try
        {
            return await command().ConfigureAwait(false);
        }
        catch (RpcException ex) when (claim.IsNew && IdempotencyKeys.LeftNoEffect(ex.StatusCode))
        {
            await keys.ReleaseAsync(tenant, Key, claim.Fingerprint).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The first claim of this call's key (made now, with this request's fingerprint), or the one already made.</summary>
    public Task<IdempotencyKeyRecord> ClaimAsync(string operation, string grainKey, IMessage request, string? keyField, CancellationToken cancellationToken)
    {
        _fingerprint ??= RequestFingerprint.Of(operation, grainKey, request, keyField);
        return _claim ??= keys.ClaimAsync(tenant, Key, _fingerprint, assignedId: null, cancellationToken);
    }

    /// <summary>True when <paramref name="request"/> carries this call's key as its request id.</summary>
    public bool Carries(IMessage request) =>
        request.Descriptor.FindFieldByName(RequestFingerprint.RequestIdField) is { } field
        && string.Equals(field.Accessor.GetValue(request) as string, Key, StringComparison.Ordinal);
}
