using EDRS.Actors.Knowledge.Commands;
using EDRS.Actors.Knowledge.Events;
using EDRS.Grains.Contracts.Knowledge;
using EDRS.Grains.Runtime;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace EDRS.Actors.Knowledge;

/// <summary>
/// A knowledge collection (kind <c>knowledge</c>, identity <c>{tenant}/{collectionId}</c>): its settings, run through the
/// <see cref="KnowledgeDecider"/>. Its documents live in its shards (<see cref="Shards.KnowledgeShard"/>); the collection
/// says how many there are, so that every caller places a document in the same one.
/// </summary>
public sealed class KnowledgeCollection : KnowledgeGrain.KnowledgeGrainBase, IJournaledGrain
{
    private readonly GrainActivation _activation;
    private readonly JournaledState<KnowledgeState, KnowledgeEvent> _journaled;
    private readonly KnowledgeOptions _options;

    public KnowledgeCollection(GrainActivation activation, JournaledStateFactory states, IOptions<KnowledgeOptions> options)
    {
        _activation = activation;
        _options = options.Value;
        _journaled = states.Create<KnowledgeState, KnowledgeEvent>(activation, KnowledgeState.Initial, KnowledgeDecider.Evolve);
    }

    private string CollectionId => _activation.Identity.Key;

    public Task RecoverAsync(CancellationToken cancellationToken) => _journaled.RecoverAsync(cancellationToken);

    public override Task<CollectionView> CreateCollection(CreateCollectionRequest request, ServerCallContext context)
    {
        RequireSameCollection(request.CollectionId);
        var command = new CreateCollection(CollectionId, request.Name, request.Description, request.Shards, _options.DefaultShards, [.. request.AllowedSources]);
        return _journaled.ExecuteAsync(request.RequestId, s => KnowledgeDecider.Decide(command, s, _activation.Time.GetUtcNow()), (state, version, events) => ViewOf(state, version));
    }

    public override Task<CollectionView> GetCollection(GetCollectionRequest request, ServerCallContext context)
    {
        RequireSameCollection(request.CollectionId);
        if (!_journaled.State.Exists)
            throw GrainException.NotFound($"Knowledge collection {CollectionId} does not exist.");
        return Task.FromResult(ViewOf(_journaled.State, _journaled.Version));
    }

    private CollectionView ViewOf(KnowledgeState state, long version)
    {
        var view = new CollectionView
        {
            CollectionId = CollectionId,
            Name = state.Name,
            Description = state.Description,
            Shards = state.Shards,
            CreatedAt = Timestamp.FromDateTimeOffset(state.CreatedAt),
            Version = version,
        };
        view.AllowedSources.AddRange(state.AllowedSources);
        return view;
    }

    private void RequireSameCollection(string collectionId)
    {
        if (collectionId.Length > 0 && collectionId != CollectionId)
            throw GrainException.Invalid("collectionId", $"addresses collection '{collectionId}' but the call reached collection '{CollectionId}'");
    }
}
