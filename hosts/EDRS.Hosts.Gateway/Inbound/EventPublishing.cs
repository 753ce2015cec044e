using EDRS.Actors.Inbound.Ingestion;
using EDRS.Grains.Contracts.Events;
using EDRS.Grains.Runtime;
using EDRS.Hosts.Gateway.Idempotency;
using Grpc.Core;

namespace EDRS.Hosts.Gateway.Inbound;

/// <summary>
/// Publishing one event from REST or gRPC: the schema's defaults (a new UUIDv7 id, the receive time) and, with an
/// Idempotency-Key, one event for all of a client's retries — the key is bound to the event as sent, so a retry of an
/// event without id gets the id the first try was given (and so the first receipt), and another event under the key is
/// refused (<c>idempotency-key-reused</c>). A client-chosen event id needs no key: it deduplicates across producers.
/// </summary>
public sealed class EventPublishing(EventIngestor ingestor, IdempotencyKeys keys, TimeProvider time)
{
    /// <summary>The operation an Idempotency-Key of a publish names (the same over REST and gRPC).</summary>
    public const string Operation = "edrs.events.v1.EventIngestion/Publish";

    public async Task<PublishResult> PublishAsync(string tenant, BaseEvent e, string? idempotencyKey, CancellationToken cancellationToken)
    {
        // What the client sent, before any default is filled in: a retry sends the same.
        var fingerprint = idempotencyKey is null ? null : RequestFingerprint.Of(Operation, "", e);
        var idLess = string.IsNullOrEmpty(e.EventId);
        if (EventValidation.Normalize(e, time.GetUtcNow()) is { } violation)
        {
            return new PublishResult
            {
                EventId = e.EventId,
                ErrorCode = (int)StatusCode.InvalidArgument,
                ErrorField = violation.Field,
                ErrorMessage = $"{violation.Field}: {violation.Description}",
            };
        }
        if (fingerprint is not null)
        {
            var bound = await keys.ClaimAsync(tenant, idempotencyKey!, fingerprint, e.EventId, cancellationToken).ConfigureAwait(false);
            if (idLess && bound.AssignedId is { } first)
                e.EventId = first;
        }
        return await ingestor.IngestAsync(tenant, e, cancellationToken).ConfigureAwait(false);
    }
}
