using System.Security.Claims;
using System.Text.Json;
using EDRS.Actors.Knowledge;
using EDRS.Actors.Knowledge.Directory;
using EDRS.Actors.Knowledge.Ingestion;
using EDRS.Actors.Knowledge.Search;
using EDRS.Grains.Contracts.Knowledge;
using EDRS.Hosts.Gateway.Auth;
using EDRS.Hosts.Gateway.Errors;
using EDRS.Hosts.Gateway.OpenApi;
using EDRS.Hosts.Gateway.Requests;
using EDRS.Hosts.Gateway.Tenancy;
using EDRS.Persistence.Knowledge;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using static EDRS.Hosts.Gateway.Requests.RequestValidation;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace EDRS.Hosts.Gateway.Knowledge;

/// <summary>
/// <c>/api/v1/knowledge/collections</c>: collections of documents (policies, runbooks, product docs) that personas answer
/// from with citations. Creating a collection needs the <c>admin</c> role; documents and search need <c>user</c>.
/// Documents come as JSON text or as a <c>multipart/form-data</c> file upload of up to <c>Knowledge__MaxDocumentBytes</c>
/// (20 MiB by default; 413 above) — the one route whose body may exceed the API's general limit.
/// </summary>
public static class KnowledgeApi
{
    private const int DefaultPageSize = 50;
    private const string Multipart = "multipart/form-data";

    /// <summary>Room for the form's boundaries and fields, or JSON escaping, beside a document of the largest size.</summary>
    private const long EnvelopeBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapKnowledgeApi(this IEndpointRouteBuilder app)
    {
        var maxDocument = app.ServiceProvider.GetRequiredService<IOptions<KnowledgeOptions>>().Value.MaxDocumentBytes;
        var collections = app.MapFeatureGroup("/api/v1/knowledge/collections", "Knowledge");

        collections.MapPost("/", CreateAsync).WithName("CreateKnowledgeCollection").WithSummary("Create a knowledge collection")
            .RequireAuthorization(GatewayPolicies.Admin)
            .ProducesProblem(StatusCodes.Status409Conflict);
        collections.MapGet("/", ListAsync).WithName("ListKnowledgeCollections").WithSummary("List the tenant's knowledge collections")
            .WithDescription(
                "The collection directory, ordered by id, one page at a time. A read model kept by an asynchronous projection of " +
                "the journal: a new collection appears shortly after it was created. GET one collection for its current state.")
            .AddOpenApiOperationTransformer(PagingParameters.Describe("Collections", ReadModelPagesMax, DefaultPageSize));
        collections.MapGet("/{collectionId}", GetAsync).WithName("GetKnowledgeCollection").WithSummary("Get a knowledge collection")
            .ProducesProblem(StatusCodes.Status404NotFound);
        collections.MapPost("/{collectionId}/documents", IngestAsync).WithName("AddKnowledgeDocument").WithSummary("Add or update a document")
            .WithDescription(
                "Parses the document (plain text, Markdown, HTML main text, PDF with its pages), cuts it into chunks that follow its " +
                "headings and paragraphs, embeds and indexes them. Send JSON (`text`, the document as text) or `multipart/form-data` " +
                $"with the file in the part `file` (and optional parts `title`, `documentId`, `sourceUri`, `contentType`, `tags`); at most {maxDocument:N0} " +
                "bytes (`Knowledge__MaxDocumentBytes`), 413 above. A document is identified by `documentId`, else by `sourceUri`, " +
                "else by its content: a changed document replaces its previous version's chunks in one step (a search sees the old " +
                "version or the new one, never a mix); the same content again changes nothing and answers 200 with `unchanged`.")
            .WithMetadata(new RouteBodyLimit(maxDocument + EnvelopeBytes))
            // One accepts entry for both types (the endpoint matcher reads only the last); the form's own schema comes from the transformer.
            .Accepts<DocumentBody>("application/json", Multipart)
            .AddOpenApiOperationTransformer(DescribeUploadForm)
            .Produces<DocumentAckResponse>(StatusCodes.Status201Created)
            .Produces<DocumentAckResponse>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        collections.MapGet("/{collectionId}/documents", ListDocumentsAsync).WithName("ListKnowledgeDocuments").WithSummary("List a collection's documents")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .AddOpenApiOperationTransformer(PagingParameters.Describe("Documents", KnowledgeLimits.MaxPageSize, DefaultPageSize));
        collections.MapGet("/{collectionId}/documents/{documentId}", GetDocumentAsync).WithName("GetKnowledgeDocument").WithSummary("Get a document")
            .ProducesProblem(StatusCodes.Status404NotFound);
        collections.MapDelete("/{collectionId}/documents/{documentId}", DeleteDocumentAsync).WithName("DeleteKnowledgeDocument").WithSummary("Remove a document and its chunks")
            .WithDescription("The document's chunks leave the index, the shard's state and its stored snapshot.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        collections.MapGet("/{collectionId}/refreshes", ListRefreshesAsync).WithName("ListKnowledgeSourceRefreshes")
            .WithSummary("List the sources events asked the collection to re-ingest")
            .WithDescription(
                "An inbound event of the `knowledge` domain (e.g. `knowledge.source_changed`) whose payload holds `collectionId` and " +
                "`sourceUri` (optional `documentId`, `title`, `tags`) asks to re-ingest that source, when the collection's " +
                "`allowedSources` admit it. The gateway fetches it (GET, no redirects), ingests it as the same document each time and " +
                "records the outcome here, one entry per source, ordered by URI.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .AddOpenApiOperationTransformer(PagingParameters.Describe("Sources", KnowledgeLimits.MaxPageSize, DefaultPageSize));
        collections.MapGet("/{collectionId}/search", SearchAsync).WithName("SearchKnowledge").WithSummary("Search a collection")
            .WithDescription(
                "Hybrid ranking: the meaning of `q` (cosine similarity of all-MiniLM-L6-v2 embeddings) blended with its words " +
                "(BM25). Each hit cites its document, title, chunk, character offsets into the document's canonical text and, for " +
                "a PDF, its page.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private const int ReadModelPagesMax = EDRS.Actors.ReadModelPages.MaxPageSize;

    /// <summary>The multipart body's schema is the form's parts (<see cref="DocumentUploadForm"/>), not the JSON body's fields.</summary>
    private static async Task DescribeUploadForm(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.RequestBody?.Content is { } content && content.TryGetValue(Multipart, out var form))
            form.Schema = await context.GetOrCreateSchemaAsync(typeof(DocumentUploadForm), cancellationToken: cancellationToken);
    }

    private static async Task<Results<Created<CollectionResponse>, ValidationProblem>> CreateAsync(
        [FromBody] CollectionBody? body, [AsParameters] TenantCommand call)
    {
        if (body is null)
            return Invalid("body", "a JSON object with the collection's name is required");
        var collectionId = body.Id ?? call.KeyFromIdempotencyKey("kc") ?? $"kc-{Guid.CreateVersion7():N}";
        if (KnowledgeDecider.ProblemWithCollectionId(collectionId) is { } problem)
            return Invalid("id", problem);
        if (body.AllowedSources?.Any(s => s is null) == true)
            return Invalid("allowedSources", "must not hold null");
        var request = new CreateCollectionRequest
        {
            RequestId = call.RequestId,
            CollectionId = collectionId,
            Name = body.Name ?? "",
            Description = body.Description ?? "",
            Shards = body.Shards ?? 0,
        };
        request.AllowedSources.AddRange(body.AllowedSources?.Select(s => s!) ?? []);
        var view = await call.Grains.Knowledge(call.Tenant, collectionId).CreateCollectionAsync(request, cancellationToken: call.Aborted);
        return TypedResults.Created($"/api/v1/knowledge/collections/{collectionId}", ToResponse(view));
    }

    private static async Task<Results<Ok<CollectionPageResponse>, ValidationProblem>> ListAsync(
        [FromQuery] string? limit, [FromQuery] string? cursor, ClaimsPrincipal user, IQuerySession directory, CancellationToken cancellationToken)
    {
        var pageSize = DefaultPageSize;
        if (limit is not null && (!int.TryParse(limit, out pageSize) || pageSize is < 1 or > ReadModelPagesMax))
            return Invalid("limit", $"must be an integer from 1 to {ReadModelPagesMax}");
        string? after = null;
        if (cursor is not null && (after = PageCursors.Decode(cursor)) is null)
            return Invalid("cursor", "is not a cursor this API returned");
        var (entries, more) = await KnowledgeCollectionDirectory.PageAsync(directory, user.Tenant(), after, pageSize, cancellationToken);
        var items = entries.Select(e => new CollectionResponse(e.CollectionId, e.Name, e.Description, e.Shards, null, e.CreatedAt)).ToList();
        return TypedResults.Ok(new CollectionPageResponse(items, more ? PageCursors.Encode(items[^1].Id) : null));
    }

    private static async Task<Results<Ok<CollectionResponse>, ValidationProblem>> GetAsync(string collectionId, [AsParameters] TenantQuery call)
    {
        if (KnowledgeDecider.ProblemWithCollectionId(collectionId) is { } problem)
            return Invalid("collectionId", problem);
        var view = await call.Grains.Knowledge(call.Tenant, collectionId)
            .GetCollectionAsync(new GetCollectionRequest { CollectionId = collectionId }, cancellationToken: call.Aborted);
        return TypedResults.Ok(ToResponse(view));
    }

    private static async Task<IResult> IngestAsync(
        string collectionId,
        HttpRequest http,
        DocumentIngestor ingestor,
        IOptions<KnowledgeOptions> options,
        IOptions<JsonOptions> json,
        [AsParameters] TenantCommand call)
    {
        if (KnowledgeDecider.ProblemWithCollectionId(collectionId) is { } problem)
            return Invalid("collectionId", problem);
        DocumentSubmission submission;
        if (http.HasJsonContentType())
        {
            DocumentBody? body;
            try
            {
                body = await JsonSerializer.DeserializeAsync<DocumentBody>(http.Body, json.Value.SerializerOptions, call.Aborted);
            }
            catch (JsonException ex)
            {
                return Invalid(ex.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : "body", $"is not valid JSON here: {ex.Message}");
            }
            if (body is null)
                return Invalid("body", "a JSON object with the document's text is required");
            if (body.Text is null)
                return Invalid("text", "is required (or send the document as a multipart/form-data file)");
            if (body.Tags?.Any(t => t is null) == true)
                return Invalid("tags", "must not hold null");
            submission = new DocumentSubmission
            {
                DocumentId = body.DocumentId,
                Title = body.Title,
                Text = body.Text,
                ContentType = body.ContentType,
                SourceUri = body.SourceUri,
                Tags = [.. body.Tags?.Select(t => t!) ?? []],
            };
        }
        else if (http.HasFormContentType && http.ContentType?.StartsWith(Multipart, StringComparison.OrdinalIgnoreCase) == true)
        {
            var form = await http.ReadFormAsync(call.Aborted);
            var file = form.Files.GetFile("file") ?? form.Files.FirstOrDefault();
            if (file is null)
                return Invalid("file", "is required: the document as a form part named file");
            if (file.Length > options.Value.MaxDocumentBytes)
                return TooLarge(options.Value.MaxDocumentBytes);
            using var content = new MemoryStream((int)file.Length);
            await file.CopyToAsync(content, call.Aborted);
            string? Field(string name) => form.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value.ToString()) ? value.ToString() : null;
            submission = new DocumentSubmission
            {
                DocumentId = Field("documentId"),
                Title = Field("title"),
                Content = content.ToArray(),
                ContentType = Field("contentType") ?? (file.ContentType is { Length: > 0 } type && type != "application/octet-stream" ? type : null),
                SourceUri = Field("sourceUri"),
                Tags = [.. form["tags"].SelectMany(t => (t ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
                FileName = file.FileName,
            };
        }
        else
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "The request body is not of a supported media type.",
                detail: $"Send the document as application/json (with its text) or as {Multipart} (a file in the part named file).");
        }

        var result = await ingestor.IngestAsync(call.Tenant, collectionId, submission, call.Aborted);
        var response = new DocumentAckResponse(result.DocumentId, result.Version, result.Chunks, result.Unchanged, result.Title);
        return result.Unchanged
            ? TypedResults.Ok(response)
            : TypedResults.Created($"/api/v1/knowledge/collections/{collectionId}/documents/{result.DocumentId}", response);
    }

    private static async Task<Results<Ok<DocumentPageResponse>, ValidationProblem>> ListDocumentsAsync(
        string collectionId, [FromQuery] string? limit, [FromQuery] string? cursor, KnowledgeRouter router, [AsParameters] TenantQuery call)
    {
        var pageSize = DefaultPageSize;
        if (limit is not null && (!int.TryParse(limit, out pageSize) || pageSize is < 1 or > KnowledgeLimits.MaxPageSize))
            return Invalid("limit", $"must be an integer from 1 to {KnowledgeLimits.MaxPageSize}");
        string? after = null;
        if (cursor is not null && (after = PageCursors.Decode(cursor)) is null)
            return Invalid("cursor", "is not a cursor this API returned");
        var (documents, next) = await router.ListDocumentsAsync(call.Tenant, collectionId, after ?? "", pageSize, call.Aborted);
        return TypedResults.Ok(new DocumentPageResponse([.. documents.Select(ToResponse)], next is null ? null : PageCursors.Encode(next)));
    }

    private static async Task<Results<Ok<SourceRefreshPageResponse>, ValidationProblem>> ListRefreshesAsync(
        string collectionId, [FromQuery] string? limit, [FromQuery] string? cursor, KnowledgeRouter router, SourceRefreshStore refreshes,
        [AsParameters] TenantQuery call)
    {
        var pageSize = DefaultPageSize;
        if (limit is not null && (!int.TryParse(limit, out pageSize) || pageSize is < 1 or > KnowledgeLimits.MaxPageSize))
            return Invalid("limit", $"must be an integer from 1 to {KnowledgeLimits.MaxPageSize}");
        string? after = null;
        if (cursor is not null && (after = PageCursors.Decode(cursor)) is null)
            return Invalid("cursor", "is not a cursor this API returned");
        await router.CollectionAsync(call.Tenant, collectionId, call.Aborted);
        var page = await refreshes.ListAsync(call.Tenant, collectionId, after ?? "", pageSize + 1, call.Aborted);
        var items = page.Take(pageSize).Select(r => new SourceRefreshResponse(
            r.SourceUri, r.Status, r.Outcome, r.DocumentId, r.DocumentVersion, r.Attempts, r.LastError, r.EventId, r.RequestedAt, r.FinishedAt)).ToList();
        return TypedResults.Ok(new SourceRefreshPageResponse(items, page.Count > pageSize ? PageCursors.Encode(items[^1].SourceUri) : null));
    }

    private static async Task<Results<Ok<DocumentResponse>, ValidationProblem>> GetDocumentAsync(
        string collectionId, string documentId, KnowledgeRouter router, [AsParameters] TenantQuery call)
    {
        var view = await router.GetDocumentAsync(call.Tenant, collectionId, documentId, call.Aborted);
        return TypedResults.Ok(ToResponse(view));
    }

    private static async Task<Results<NoContent, ValidationProblem>> DeleteDocumentAsync(
        string collectionId, string documentId, KnowledgeRouter router, [AsParameters] TenantCommand call)
    {
        await router.DeleteDocumentAsync(call.Tenant, collectionId, documentId, call.RequestId, call.Aborted);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<SearchResponse>, ValidationProblem>> SearchAsync(
        string collectionId,
        [FromQuery] string? q,
        [FromQuery] string? k,
        [FromQuery] string[]? tags,
        KnowledgeSearcher searcher,
        [AsParameters] TenantQuery call)
    {
        var count = KnowledgeLimits.DefaultResults;
        if (k is not null && (!int.TryParse(k, out count) || count is < 1 or > KnowledgeLimits.MaxResults))
            return Invalid("k", $"must be an integer from 1 to {KnowledgeLimits.MaxResults}");
        var wanted = (tags ?? []).SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        var hits = await searcher.SearchAsync(call.Tenant, [collectionId], q ?? "", count, wanted, call.Aborted);
        return TypedResults.Ok(new SearchResponse([.. hits.Select(ToResponse)]));
    }

    private static ProblemHttpResult TooLarge(long limit) => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "The request body is too large.",
        detail: $"Documents are limited to {limit} bytes (Knowledge__MaxDocumentBytes).");

    private static CollectionResponse ToResponse(CollectionView view) =>
        new(view.CollectionId, view.Name, view.Description, view.Shards, [.. view.AllowedSources], view.CreatedAt.ToDateTimeOffset());

    private static DocumentResponse ToResponse(DocumentView view) => new(
        view.DocumentId,
        view.Title,
        view.SourceUri.Length == 0 ? null : view.SourceUri,
        view.ContentType,
        view.ContentHash,
        view.Version,
        [.. view.Tags],
        view.Chunks,
        view.Pages == 0 ? null : view.Pages,
        view.CreatedAt.ToDateTimeOffset(),
        view.UpdatedAt.ToDateTimeOffset());

    private static SearchHitResponse ToResponse(KnowledgeHitView hit) =>
        new(hit.Chunk.DocumentId, hit.Chunk.Title, hit.Chunk.ChunkId, hit.Chunk.Text, hit.Score, hit.Page, hit.Chunk.Start, hit.Chunk.End, hit.Chunk.Version);
}
