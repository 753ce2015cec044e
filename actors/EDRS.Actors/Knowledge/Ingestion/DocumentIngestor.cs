using System.Security.Cryptography;
using System.Text;
using EDRS.Actors.Knowledge.Shards;
using EDRS.Grains.Contracts.Knowledge;
using EDRS.Grains.Runtime;
using EDRS.Knowledge.Documents.Chunking;
using EDRS.Knowledge.Documents.Parsing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EDRS.Actors.Knowledge.Ingestion;

/// <summary>
/// The one way a document enters a collection (REST, gRPC, re-ingest events): parse it to canonical text
/// (<see cref="DocumentParser"/>), hash it, ask the document's shard whether that content is new
/// (<c>BeginDocument</c>: unchanged content ends here), cut it into chunks sized in the embedding model's own word
/// pieces (<see cref="DocumentChunker"/>), embed them through the embedding grains in windows, stage each window on the
/// shard as it is embedded, and commit — one journaled event that swaps the document's chunks. Stateless: it runs in
/// the process that received the document, so neither the document nor the work of embedding it passes through a
/// grain's mailbox; a shard is only busy for the short staging and commit calls.
/// </summary>
/// <remarks>
/// A failure midway (the embedding nodes down, a timeout) leaves a staged version the shard drops after an hour; the
/// caller retries, which begins a new version. Re-ingesting unchanged content costs a parse and a hash, no embedding.
/// </remarks>
public sealed partial class DocumentIngestor
{
    /// <summary>Windows embedded at once: one per embedding replica, as the port spreads calls over them.</summary>
    private const int WindowsInFlight = 2;

    /// <summary>A commit swaps a whole document's chunks into the indexes: allow it more than the default call time.</summary>
    private static readonly TimeSpan CommitTimeout = TimeSpan.FromMinutes(2);

    private readonly KnowledgeRouter _router;
    private readonly IEmbeddingGenerator<string, Embedding<float>> _embeddings;
    private readonly KnowledgeOptions _options;
    private readonly DocumentChunker? _chunker;
    private readonly DocumentParser _parser = new();
    private readonly ILogger<DocumentIngestor> _logger;

    /// <param name="tokens">The embedding model's tokenizer (registered where the model's vocabulary is at hand, see
    /// EDRS.Models); without it this process cannot cut documents into chunks, and ingesting is refused as unavailable.</param>
    public DocumentIngestor(
        KnowledgeRouter router,
        IEmbeddingGenerator<string, Embedding<float>> embeddings,
        IOptions<KnowledgeOptions> options,
        IOptions<ChunkingOptions> chunking,
        ILogger<DocumentIngestor> logger,
        ITokenCounter? tokens = null)
    {
        _router = router;
        _embeddings = embeddings;
        _options = options.Value;
        _logger = logger;
        _chunker = tokens is null ? null : new DocumentChunker(tokens, chunking.Value);
    }

    /// <summary>True when this process can cut documents into chunks (it has the embedding model's tokenizer), so can ingest.</summary>
    public bool CanIngest => _chunker is not null;

    /// <summary>
    /// Ingests <paramref name="document"/> into <paramref name="collectionId"/> of <paramref name="tenant"/>. Failures are
    /// <see cref="Grpc.Core.RpcException"/>s: INVALID_ARGUMENT naming the field (no text, an unsupported type, too many
    /// chunks), NOT_FOUND (no such collection), UNAVAILABLE (no embedding model reachable), and what the shard answers.
    /// </summary>
    public async Task<IngestResult> IngestAsync(string tenant, string collectionId, DocumentSubmission document, CancellationToken cancellationToken)
    {
        var chunker = _chunker ?? throw KnowledgeErrors.Unavailable(
            "This process cannot cut documents into chunks: it has no embedding model tokenizer. Send documents to the gateway.");
        var collection = await _router.CollectionAsync(tenant, collectionId, cancellationToken).ConfigureAwait(false);
        var parsed = Parse(document);
        if (parsed.Text.Length == 0)
            throw KnowledgeErrors.Invalid(document.Text is null ? "content" : "text", "the document has no text (a scanned PDF has no text layer)");
        var documentId = DocumentIdOf(document, parsed);
        var title = TitleOf(document, parsed, documentId);
        var shard = _router.ShardOf(tenant, collection, documentId);

        var begun = await shard.BeginDocumentAsync(BeginRequest(document, parsed, documentId, title), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (begun.Unchanged)
            return new IngestResult(documentId, begun.Version, begun.Chunks, Unchanged: true, title);

        var chunks = chunker.Chunk(parsed);
        if (chunks.Count > KnowledgeLimits.MaxChunksPerDocument)
            throw KnowledgeErrors.Invalid(document.Text is null ? "content" : "text",
                $"the document makes {chunks.Count} chunks; at most {KnowledgeLimits.MaxChunksPerDocument} are accepted: split it");

        var windows = chunks.Chunk(_options.EmbeddingBatch).ToList();
        await Parallel.ForEachAsync(windows, new ParallelOptions { MaxDegreeOfParallelism = WindowsInFlight, CancellationToken = cancellationToken }, async (window, token) =>
        {
            var vectors = await _embeddings.GenerateAsync(window.Select(c => ChunkEmbeddingText.Of(title, c.Text)), cancellationToken: token).ConfigureAwait(false);
            foreach (var batch in window.Zip(vectors).Chunk(KnowledgeLimits.MaxChunksPerStage))
            {
                var request = new StageChunksRequest
                {
                    RequestId = $"stage:{documentId}:{begun.Version}:{batch[0].First.Index}",
                    DocumentId = documentId,
                    Version = begun.Version,
                };
                request.Chunks.AddRange(batch.Select(pair => ToStaged(pair.First, pair.Second)));
                await shard.StageChunksAsync(request, cancellationToken: token).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);

        var ack = await shard.CommitDocumentAsync(new CommitDocumentRequest
        {
            RequestId = $"commit:{documentId}:{begun.Version}",
            DocumentId = documentId,
            Version = begun.Version,
            Chunks = chunks.Count,
        }, deadline: DateTime.UtcNow + CommitTimeout, cancellationToken: cancellationToken).ConfigureAwait(false);
        LogIngested(_logger, collectionId, documentId, ack.Version, ack.Chunks, ack.Unchanged);
        return new IngestResult(documentId, ack.Version, ack.Chunks, ack.Unchanged, title);
    }

    private ParsedDocument Parse(DocumentSubmission document)
    {
        try
        {
            if (document.Text is { } text)
            {
                if (document.Content is not null)
                    throw KnowledgeErrors.Invalid("text", "send the document as text or as content, not both");
                if (Encoding.UTF8.GetByteCount(text) > _options.MaxDocumentBytes)
                    throw KnowledgeErrors.Invalid("text", $"must be at most {_options.MaxDocumentBytes} bytes");
                return document.ContentType is { Length: > 0 } type
                    ? _parser.ParseText(text, type)
                    : _parser.Parse(Encoding.UTF8.GetBytes(text), null, document.FileName);
            }
            if (document.Content is not { } content || content.Length == 0)
                throw KnowledgeErrors.Invalid("text", "the document's text (or its content as a file) is required");
            if (content.Length > _options.MaxDocumentBytes)
                throw KnowledgeErrors.Invalid("content", $"must be at most {_options.MaxDocumentBytes} bytes");
            return _parser.Parse(content, document.ContentType, document.FileName);
        }
        catch (UnsupportedContentTypeException ex)
        {
            throw KnowledgeErrors.Invalid("contentType", ex.Message);
        }
        catch (DocumentParseException ex)
        {
            throw KnowledgeErrors.Invalid(document.Text is null ? "content" : "text", ex.Message);
        }
    }

    private static string DocumentIdOf(DocumentSubmission document, ParsedDocument parsed)
    {
        if (document.DocumentId is { Length: > 0 } given)
            return GrainIds.IsEntityId(given) ? given : throw KnowledgeErrors.Invalid("documentId", $"must be {GrainIds.EntityIdRule}");
        // The same source (or, without one, the same content) is the same document: sending it again is a no-op.
        return document.SourceUri is { Length: > 0 } source ? IdForSource(source) : "doc-" + parsed.ContentHash[..24];
    }

    /// <summary>The id of the document sent from <paramref name="sourceUri"/> without an id of its own.</summary>
    public static string IdForSource(string sourceUri) =>
        "src-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sourceUri)))[..24];

    private static string TitleOf(DocumentSubmission document, ParsedDocument parsed, string documentId)
    {
        var title = new[] { document.Title, parsed.Title, Path.GetFileNameWithoutExtension(document.FileName ?? ""), documentId }
            .Select(t => t?.Trim())
            .First(t => !string.IsNullOrEmpty(t))!;
        if (document.Title is { } given && given.Trim().Length > KnowledgeLimits.MaxTitleLength)
            throw KnowledgeErrors.Invalid("title", $"must be at most {KnowledgeLimits.MaxTitleLength} characters");
        return title.Length > KnowledgeLimits.MaxTitleLength ? title[..KnowledgeLimits.MaxTitleLength].TrimEnd() : title;
    }

    private static BeginDocumentRequest BeginRequest(DocumentSubmission document, ParsedDocument parsed, string documentId, string title)
    {
        var request = new BeginDocumentRequest
        {
            RequestId = $"begin:{Guid.CreateVersion7():N}",
            DocumentId = documentId,
            ContentHash = parsed.ContentHash,
            Title = title,
            ContentType = parsed.ContentType,
            SourceUri = document.SourceUri ?? "",
            Pages = parsed.PageCount ?? 0,
        };
        request.Tags.AddRange(document.Tags);
        return request;
    }

    private static StagedChunk ToStaged(DocumentChunk chunk, Embedding<float> embedding)
    {
        var staged = new StagedChunk
        {
            Index = chunk.Index,
            Text = chunk.Text,
            Start = chunk.Start,
            End = chunk.End,
            FirstPage = chunk.FirstPage ?? 0,
            LastPage = chunk.LastPage ?? 0,
            TokenCount = chunk.TokenCount,
        };
        staged.HeadingPath.AddRange(chunk.HeadingPath.Take(KnowledgeLimits.MaxHeadingPathEntries)
            .Select(h => h.Length > KnowledgeLimits.MaxHeadingLength ? h[..KnowledgeLimits.MaxHeadingLength] : h));
        staged.Vector.AddRange(embedding.Vector.ToArray());
        return staged;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ingested {DocumentId} into {CollectionId}: version {Version}, {Chunks} chunks, unchanged {Unchanged}")]
    private static partial void LogIngested(ILogger logger, string collectionId, string documentId, long version, int chunks, bool unchanged);
}
