namespace EDRS.Actors.Knowledge.Directory;

/// <summary>One collection as the directory lists it: a read model <see cref="KnowledgeCollectionDirectoryProjection"/> keeps.</summary>
public sealed record KnowledgeCollectionEntry
{
    /// <summary>The collection's stream key, <c>knowledge/{tenant}/{collectionId}</c>: sorts by collection id within a tenant.</summary>
    public required string Id { get; init; }

    public required string Tenant { get; init; }

    public required string CollectionId { get; init; }

    public required string Name { get; init; }

    public string Description { get; init; } = "";

    public int Shards { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
