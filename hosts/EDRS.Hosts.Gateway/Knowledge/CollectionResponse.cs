namespace EDRS.Hosts.Gateway.Knowledge;

/// <summary>A knowledge collection.</summary>
/// <param name="Id">The collection id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Description">Its description.</param>
/// <param name="Shards">How many shards hold its documents.</param>
/// <param name="AllowedSources">URI prefixes `knowledge.*` events may re-ingest from (absent in the directory listing).</param>
/// <param name="CreatedAt">When it was created.</param>
public sealed record CollectionResponse(string Id, string Name, string Description, int Shards, IReadOnlyList<string>? AllowedSources, DateTimeOffset CreatedAt);
