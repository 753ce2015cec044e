using EDRS.Actors.Knowledge;
using EDRS.Actors.Knowledge.Search;
using EDRS.Actors.Memory;
using EDRS.Actors.Paging;
using EDRS.Actors.Personas;
using EDRS.Actors.WorkingMemory;
using EDRS.Grains.Contracts.Memory;
using EDRS.Grains.Contracts.Personas;
using EDRS.Grains.Runtime;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace EDRS.Actors.Sessions.Prompting;

/// <summary>
/// Gathers what a persona's prompt draws on (<see cref="PromptContext"/>): its profile, its current facts about the person,
/// its working memory, the long-term memories and knowledge chunks that best match the text. Shared by a session's turns
/// and a workflow's <c>persona</c> steps, so a persona answers a workflow with the same memory and knowledge it answers people with.
/// </summary>
public sealed partial class PromptSources(
    GrainClients clients, SessionsOptions options, TimeProvider time, ILogger logger, KnowledgeSearcher? knowledge, KnowledgeRouter? collections)
{
    /// <summary>
    /// The sources for <paramref name="text"/> said to persona <paramref name="personaId"/> of <paramref name="tenant"/> by
    /// <paramref name="personId"/> (empty: nobody in particular, so no facts about a person and recall over every speaker).
    /// </summary>
    public async Task<PromptContext> GatherAsync(
        string tenant, string streamKey, string personaId, string personId, IReadOnlyList<SessionTurn> earlierTurns, string text, CancellationToken cancellationToken)
    {
        var persona = clients.Persona(tenant, personaId);
        var view = await CallAsync(() => persona.GetPersonaAsync(new GetPersonaRequest(), cancellationToken: cancellationToken).ResponseAsync).ConfigureAwait(false);
        var facts = personId.Length == 0 ? [] : await FactsAsync(persona, personId, cancellationToken).ConfigureAwait(false);
        var memory = options.MemoryItemsInPrompt == 0
            ? []
            : (await CallAsync(() => clients.WorkingMemory(tenant, personaId)
                .RecallAsync(new RecallRequest { About = personId, Limit = options.MemoryItemsInPrompt }, cancellationToken: cancellationToken).ResponseAsync)
                .ConfigureAwait(false)).Items.Select(ToHeldItem).ToList();
        var profile = new Profile(view.Profile.Name, view.Profile.Role, [.. view.Profile.Skills], [.. view.Profile.Responsibilities], view.Profile.Personality,
            Tools: [.. view.Profile.Tools]);
        var excerpts = await KnowledgeAsync(tenant, streamKey, [.. view.Profile.Knowledge], text, cancellationToken).ConfigureAwait(false);
        var recalled = await RecallAsync(tenant, streamKey, personaId, personId, text, cancellationToken).ConfigureAwait(false);
        return new PromptContext(profile, personId, facts, memory, earlierTurns, text, excerpts, recalled);
    }

    /// <summary>
    /// The persona's long-term memories that best match the text as of now, for the person (facts mirrored there
    /// included). A memory that cannot answer (its embedding model is down) leaves the prompt without them: logged,
    /// never the caller's failure.
    /// </summary>
    private async Task<IReadOnlyList<RecalledMemory>> RecallAsync(string tenant, string streamKey, string personaId, string personId, string text, CancellationToken cancellationToken)
    {
        if (options.RecalledMemoriesInPrompt == 0 || !clients.IsHosted(MemoryClients.Kind))
            return [];
        try
        {
            var found = await clients.Memory(tenant, personaId).SearchAsync(new SearchMemoriesRequest
            {
                PersonaId = personaId,
                Query = text.Length > MemoryLimits.MaxQueryLength ? text[..MemoryLimits.MaxQueryLength] : text,
                K = options.RecalledMemoriesInPrompt,
                SpeakerId = personId,
            }, cancellationToken: cancellationToken).ResponseAsync.ConfigureAwait(false);
            return [.. found.Items.Select(hit => new RecalledMemory(
                hit.Memory.Text, hit.Memory.PersonId, hit.Memory.OccurredAt?.ToDateTimeOffset() ?? time.GetUtcNow(), hit.Superseded))];
        }
        catch (RpcException ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogRecallFailed(logger, ex, streamKey);
            return [];
        }
    }

    /// <summary>
    /// The best chunks for <paramref name="text"/> in the collections the persona reads, numbered [1], [2], ... A
    /// collection the profile names that does not exist (removed, or not created yet) is passed over, not an error.
    /// </summary>
    private async Task<IReadOnlyList<KnowledgeExcerpt>> KnowledgeAsync(
        string tenant, string streamKey, IReadOnlyList<string> collectionIds, string text, CancellationToken cancellationToken)
    {
        if (collectionIds.Count == 0 || options.KnowledgeChunksInPrompt == 0 || knowledge is null || collections is null)
            return [];
        var existing = new List<string>();
        foreach (var collectionId in collectionIds)
        {
            try
            {
                await collections.CollectionAsync(tenant, collectionId, cancellationToken).ConfigureAwait(false);
                existing.Add(collectionId);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
            {
                LogCollectionMissing(logger, streamKey, collectionId);
            }
        }
        var query = text.Length > KnowledgeLimits.MaxQueryLength ? text[..KnowledgeLimits.MaxQueryLength] : text;
        var hits = await CallAsync(() => knowledge.SearchAsync(tenant, existing, query, options.KnowledgeChunksInPrompt, [], cancellationToken)).ConfigureAwait(false);
        return [.. hits.Select((hit, i) => new KnowledgeExcerpt(
            i + 1,
            new ReplyCitation(hit.CollectionId, hit.Chunk.DocumentId, hit.Chunk.Title, hit.Chunk.ChunkId, hit.Page),
            hit.Chunk.Text,
            hit.Chunk.UpdatedAt?.ToDateTimeOffset() ?? time.GetUtcNow()))];
    }

    private static async Task<IReadOnlyList<KnownFact>> FactsAsync(Grains.Contracts.Personas.PersonaGrain.PersonaGrainClient persona, string personId, CancellationToken cancellationToken)
    {
        try
        {
            // Every fact, newest first, a page at a time (at most Quotas:FactsPerPerson, so a few pages).
            var facts = new List<KnownFact>();
            var request = new GetPersonRequest { PersonId = personId, Limit = PageSizes.Facts.Default };
            do
            {
                var person = await persona.GetPersonAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
                facts.AddRange(person.Facts.Select(f => new KnownFact(
                    f.FactId, (PersonFactKind)(int)f.Kind, f.Subject, f.Text, f.Source, f.RememberedAt.ToDateTimeOffset(), f.RevisedAt?.ToDateTimeOffset())));
                request.Cursor = person.NextCursor;
            }
            while (request.Cursor.Length > 0);
            return facts;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return []; // the persona knows nothing about this person yet
        }
        catch (RpcException ex)
        {
            throw new GrainException(ex.StatusCode, $"The persona could not be asked about {personId}: {ex.Status.Detail}");
        }
    }

    private static HeldItem ToHeldItem(Grains.Contracts.Memory.WorkingMemoryItem item) =>
        new(item.ItemId, item.Text, ItemPriorities.FromContract(item.Priority) ?? MemoryPriority.Normal, item.About, item.AddedAt.ToDateTimeOffset(), item.ExpiresAt.ToDateTimeOffset());

    /// <summary>A failed call to another grain is the caller's answer too, with the same status (not an internal error).</summary>
    public static async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (RpcException ex)
        {
            throw new GrainException(ex.StatusCode, ex.Status.Detail, retryAfter: GrainFaults.RetryAfterOf(ex));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{StreamKey}: long-term memory did not answer; the prompt goes on without it")]
    private static partial void LogRecallFailed(ILogger logger, Exception exception, string streamKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{StreamKey}: the persona reads knowledge collection {CollectionId}, which does not exist")]
    private static partial void LogCollectionMissing(ILogger logger, string streamKey, string collectionId);
}
