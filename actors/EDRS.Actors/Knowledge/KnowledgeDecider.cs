using EDRS.Actors.Knowledge.Commands;
using EDRS.Actors.Knowledge.Events;
using EDRS.Actors.Knowledge.Sources;
using EDRS.Grains.Runtime;

namespace EDRS.Actors.Knowledge;

/// <summary>
/// A collection's rules, pure: it is created once, with a name, a shard count that never changes (documents are placed
/// by a hash of their id modulo the shard count, so changing it would move every document) and its allowed sources.
/// </summary>
public static class KnowledgeDecider
{
    public static IReadOnlyList<KnowledgeEvent> Decide(KnowledgeCommand command, KnowledgeState state, DateTimeOffset now) => command switch
    {
        CreateCollection c => Create(c, state, now),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "A knowledge collection does not know this command."),
    };

    public static KnowledgeState Evolve(KnowledgeState state, KnowledgeEvent @event) => @event switch
    {
        KnowledgeCollectionCreated e => new KnowledgeState(true, e.Name, e.Description, e.Shards, e.AllowedSources, e.CreatedAt),
        _ => throw new InvalidOperationException($"A knowledge collection does not know the event {@event.GetType().Name}."),
    };

    /// <summary>Null when <paramref name="collectionId"/> may name a collection; else why not.</summary>
    public static string? ProblemWithCollectionId(string collectionId) =>
        GrainIds.IsEntityId(collectionId) && collectionId.Length <= KnowledgeLimits.MaxCollectionIdLength
            ? null
            : $"must be 1..{KnowledgeLimits.MaxCollectionIdLength} characters: letters, digits, '.', '_' or '-', starting with a letter or digit";

    private static IReadOnlyList<KnowledgeEvent> Create(CreateCollection command, KnowledgeState state, DateTimeOffset now)
    {
        if (ProblemWithCollectionId(command.CollectionId) is { } idProblem)
            throw Reject.Invalid("collectionId", idProblem);
        if (state.Exists)
            throw Reject.AlreadyExists($"Knowledge collection {command.CollectionId} already exists.");
        var name = command.Name.Trim();
        if (name.Length == 0)
            throw Reject.Invalid("name", "is required");
        if (name.Length > KnowledgeLimits.MaxNameLength)
            throw Reject.Invalid("name", $"must be at most {KnowledgeLimits.MaxNameLength} characters (was {name.Length})");
        var description = command.Description.Trim();
        if (description.Length > KnowledgeLimits.MaxDescriptionLength)
            throw Reject.Invalid("description", $"must be at most {KnowledgeLimits.MaxDescriptionLength} characters (was {description.Length})");
        var shards = command.Shards == 0 ? command.DefaultShards : command.Shards;
        if (shards is < 1 or > KnowledgeLimits.MaxShards)
            throw Reject.Invalid("shards", $"must be 0 (the default, {command.DefaultShards}) or 1..{KnowledgeLimits.MaxShards}");
        if (command.AllowedSources.Count > KnowledgeLimits.MaxAllowedSources)
            throw Reject.Invalid("allowedSources", $"must have at most {KnowledgeLimits.MaxAllowedSources} entries (had {command.AllowedSources.Count})");
        var sources = new List<string>(command.AllowedSources.Count);
        for (var i = 0; i < command.AllowedSources.Count; i++)
        {
            var source = command.AllowedSources[i].Trim();
            if (SourceAllowList.ProblemWithPrefix(source) is { } problem)
                throw Reject.Invalid($"allowedSources[{i}]", problem);
            if (!sources.Contains(source, StringComparer.Ordinal))
                sources.Add(source);
        }
        return [new KnowledgeCollectionCreated(command.CollectionId, name, description, shards, sources, now)];
    }
}
