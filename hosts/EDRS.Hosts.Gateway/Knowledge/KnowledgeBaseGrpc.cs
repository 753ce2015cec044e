using EDRS.Actors;
using EDRS.Actors.Knowledge;
using EDRS.Actors.Knowledge.Ingestion;
using EDRS.Actors.Knowledge.Search;
using EDRS.Grains.Contracts.Knowledge;
using EDRS.Hosts.Gateway.Auth;
using EDRS.Hosts.Gateway.Grpc;
using EDRS.Hosts.Gateway.RateLimits;
using EDRS.Hosts.Gateway.Tenancy;
using EDRS.Persistence.Knowledge;
using Google.Protobuf.WellKnownTypes;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace EDRS.Hosts.Gateway.Knowledge;

/// <summary>
/// <c>edrs.knowledge.v1.KnowledgeBase</c> over gRPC: the REST document and search endpoints' mirror (the collection's own
/// settings are the <c>KnowledgeGrain</c> service, served by the generic grain gateway). The tenant is the token's;
/// failures map as every grain call's do (<see cref="GrainStatusMapping"/>). Documents may be as large as over REST
/// (<c>Knowledge__MaxDocumentBytes</c>): this service's message limit is raised to that, the gateway's others stay at 1 MiB.
/// </summary>
[Authorize(Policy = GatewayPolicies.User)]
[ClientRateLimited]
public sealed class KnowledgeBaseGrpc(DocumentIngestor ingestor, KnowledgeRouter router, KnowledgeSearcher searcher, SourceRefreshStore refreshes) : KnowledgeBase.KnowledgeBaseBase
{
    private const int DefaultPageSize = 50;

    public override Task<IngestDocumentReply> IngestDocument(IngestDocumentRequest request, ServerCallContext context) => CallAsync(async () =>
    {
        var result = await ingestor.IngestAsync(context.GetHttpContext().User.Tenant(), request.CollectionId, new DocumentSubmission
        {
            DocumentId = request.DocumentId.Length == 0 ? null : request.DocumentId,
            Title = request.Title.Length == 0 ? null : request.Title,
            Text = request.Content.IsEmpty ? request.Text : null,
            Content = request.Content.IsEmpty ? null : request.Content.Memory,
            ContentType = request.ContentType.Length == 0 ? null : request.ContentType,
            SourceUri = request.SourceUri.Length == 0 ? null : request.SourceUri,
            Tags = [.. request.Tags],
            FileName = request.FileName.Length == 0 ? null : request.FileName,
        }, context.CancellationToken).ConfigureAwait(false);
        return new IngestDocumentReply { DocumentId = result.DocumentId, Version = result.Version, Chunks = result.Chunks, Unchanged = result.Unchanged };
    });

    public override Task<CollectionDocumentPage> ListDocuments(ListCollectionDocumentsRequest request, ServerCallContext context) => CallAsync(async () =>
    {
        var (documents, next) = await router.ListDocumentsAsync(context.GetHttpContext().User.Tenant(), request.CollectionId, request.AfterDocumentId,
            request.Limit == 0 ? DefaultPageSize : request.Limit, context.CancellationToken).ConfigureAwait(false);
        var page = new CollectionDocumentPage { NextAfterDocumentId = next ?? "" };
        page.Documents.AddRange(documents);
        return page;
    });

    public override Task<DocumentView> GetDocument(CollectionDocumentRequest request, ServerCallContext context) =>
        CallAsync(() => router.GetDocumentAsync(context.GetHttpContext().User.Tenant(), request.CollectionId, request.DocumentId, context.CancellationToken));

    public override Task<RemoveDocumentAck> DeleteDocument(DeleteCollectionDocumentRequest request, ServerCallContext context) =>
        CallAsync(() => router.DeleteDocumentAsync(context.GetHttpContext().User.Tenant(), request.CollectionId, request.DocumentId,
            request.RequestId.Length == 0 ? Guid.CreateVersion7().ToString("N") : request.RequestId, context.CancellationToken));

    public override Task<SourceRefreshPage> ListSourceRefreshes(ListSourceRefreshesRequest request, ServerCallContext context) => CallAsync(async () =>
    {
        if (request.Limit is < 0 or > KnowledgeLimits.MaxPageSize)
            throw KnowledgeErrors.Invalid("limit", $"must be 0 (the default, {DefaultPageSize}) to {KnowledgeLimits.MaxPageSize}");
        var tenant = context.GetHttpContext().User.Tenant();
        var limit = request.Limit == 0 ? DefaultPageSize : request.Limit;
        await router.CollectionAsync(tenant, request.CollectionId, context.CancellationToken).ConfigureAwait(false);
        var rows = await refreshes.ListAsync(tenant, request.CollectionId, request.AfterSourceUri, limit + 1, context.CancellationToken).ConfigureAwait(false);
        var page = new SourceRefreshPage();
        page.Refreshes.AddRange(rows.Take(limit).Select(r => new SourceRefreshView
        {
            SourceUri = r.SourceUri,
            Status = r.Status,
            Outcome = r.Outcome ?? "",
            DocumentId = r.DocumentId ?? "",
            Version = r.DocumentVersion ?? 0,
            Attempts = r.Attempts,
            LastError = r.LastError ?? "",
            EventId = r.EventId,
            RequestedAt = Timestamp.FromDateTimeOffset(r.RequestedAt),
            FinishedAt = ProtoTimes.Of(r.FinishedAt),
        }));
        page.NextAfterSourceUri = rows.Count > limit ? rows[limit - 1].SourceUri : "";
        return page;
    });

    public override Task<KnowledgeSearchReply> Search(KnowledgeSearchRequest request, ServerCallContext context) => CallAsync(async () =>
    {
        var hits = await searcher.SearchAsync(context.GetHttpContext().User.Tenant(), [request.CollectionId], request.Query,
            request.K == 0 ? KnowledgeLimits.DefaultResults : request.K, [.. request.Tags], context.CancellationToken).ConfigureAwait(false);
        var reply = new KnowledgeSearchReply();
        reply.Items.AddRange(hits.Select(h => new KnowledgeHit
        {
            CollectionId = h.CollectionId,
            DocumentId = h.Chunk.DocumentId,
            Title = h.Chunk.Title,
            ChunkId = h.Chunk.ChunkId,
            Text = h.Chunk.Text,
            Score = h.Score,
            Page = h.Chunk.FirstPage,
            Start = h.Chunk.Start,
            End = h.Chunk.End,
            Version = h.Chunk.Version,
        }));
        return reply;
    });

    private static async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            throw GrainStatusMapping.ToClient(ex);
        }
    }
}
