using EDRS.Actors.Knowledge;
using EDRS.Actors.Knowledge.Search;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace EDRS.Actors.Tools.Invocation.BuiltIns;

/// <summary>
/// <c>knowledge_search</c>: the chunks of the tenant's knowledge collections that best answer a question (hybrid dense and
/// lexical ranking, <see cref="KnowledgeSearcher"/>), each with what a citation needs. Reads only.
/// </summary>
public sealed class KnowledgeSearchTool(IServiceProvider services) : IBuiltInTool
{
    /// <summary>Chunks returned when the call does not say.</summary>
    public const int DefaultK = 5;

    /// <summary>Collections one call may search.</summary>
    public const int MaxCollections = 10;

    public string Name => ToolNames.KnowledgeSearch;

    public string Description => "Searches the company's knowledge collections (documents, policies, manuals) for a question; best passages first, each with its document and title.";

    public string ArgsSchema => $$$"""
        {"type":"object","required":["collections","query"],"properties":{
          "collections":{"type":"array","minItems":1,"maxItems":{{{MaxCollections}}},"items":{"type":"string","minLength":1,"maxLength":64},"description":"Collection ids to search."},
          "query":{"type":"string","minLength":1,"maxLength":{{{KnowledgeLimits.MaxQueryLength}}},"description":"The question."},
          "tags":{"type":"array","maxItems":{{{KnowledgeLimits.MaxTags}}},"items":{"type":"string"},"description":"Only documents with one of these tags."},
          "k":{"type":"integer","minimum":1,"maximum":{{{KnowledgeLimits.MaxResults}}},"description":"How many passages; default {{{DefaultK}}}."}},
        "additionalProperties":false}
        """;

    public async Task<ToolCallResult> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        // Resolved per call: a member without the knowledge feature (or its embedding client) has no searcher.
        if (services.GetService<KnowledgeSearcher>() is not { } searcher)
            return ToolCallResult.Permanent("knowledge_search: this member does not search knowledge (the knowledge feature is not configured)");
        var args = invocation.Args;
        var collections = args.GetProperty("collections").EnumerateArray().Select(c => c.GetString() ?? "").ToList();
        var tags = args.TryGetProperty("tags", out var t) ? t.EnumerateArray().Select(tag => tag.GetString() ?? "").ToList() : [];
        // The schema allows 3.0 as an integer.
        var k = args.TryGetProperty("k", out var count) ? (int)count.GetDouble() : DefaultK;
        IReadOnlyList<KnowledgeHitView> hits;
        try
        {
            hits = await searcher.SearchAsync(invocation.Tenant, collections, args.GetProperty("query").GetString() ?? "", k, tags, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.InvalidArgument or StatusCode.NotFound)
        {
            return ToolCallResult.Permanent($"knowledge_search: {ex.Status.Detail}");
        }
        return ToolCallResult.Success(new
        {
            items = hits.Select(hit => new
            {
                collectionId = hit.CollectionId,
                documentId = hit.Chunk.DocumentId,
                title = hit.Chunk.Title,
                chunkId = hit.Chunk.ChunkId,
                text = hit.Chunk.Text,
                page = hit.Page,
                score = hit.Score,
            }),
        });
    }
}
