namespace EDRS.Hosts.Gateway.Knowledge;

/// <summary>A knowledge collection as sent to <c>POST /api/v1/knowledge/collections</c>.</summary>
/// <param name="Id">The collection id (letters, digits, '.', '_', '-'; at most 60). Derived from the Idempotency-Key, or generated, when absent.</param>
/// <param name="Name">Required, at most 200 characters.</param>
/// <param name="Description">At most 2,000 characters.</param>
/// <param name="Shards">How many shards hold the collection's documents, 1 to 64 (each holds up to 20,000 chunks); fixed for life. Default 4.</param>
/// <param name="AllowedSources">URI prefixes (absolute http or https) that `knowledge.*` events may ask to re-ingest documents from; at most 50.</param>
public sealed record CollectionBody(string? Id, string? Name, string? Description, int? Shards, IReadOnlyList<string?>? AllowedSources);
