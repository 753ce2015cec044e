using System.Text.Json;

namespace EDRS.Hosts.Gateway.Inbound;

/// <summary>An event as sent to <c>POST /api/v1/events</c> (the tenant is the token's, never part of the body).</summary>
/// <param name="EventId">
/// A UUIDv7; the dedup key: the same id again gets the first receipt and has no second effect. Optional: the server assigns
/// one (in the receipt); a client-chosen id is the way to deduplicate across producers.
/// </param>
/// <param name="Source">Who sent it, 1..200 characters.</param>
/// <param name="EventType">domain.action in lowercase, e.g. <c>support.ticket_opened</c>.</param>
/// <param name="Priority"><c>low</c>, <c>normal</c>, <c>high</c> or <c>critical</c>.</param>
/// <param name="Payload">A JSON object, at most 1,000,000 bytes; <c>{}</c> when absent.</param>
/// <param name="Metadata">At most 64 string entries.</param>
/// <param name="OccurredAt">When it happened at the source (RFC 3339); optional: the time the server received it.</param>
public sealed record EventBody(
    string? EventId,
    string? Source,
    string? EventType,
    string? Priority,
    JsonElement? Payload,
    IReadOnlyDictionary<string, string?>? Metadata,
    DateTimeOffset? OccurredAt);
