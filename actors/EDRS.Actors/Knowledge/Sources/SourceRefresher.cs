using System.Net;
using System.Net.Http.Headers;
using EDRS.Actors.Knowledge.Ingestion;
using EDRS.Actors.Outbound;
using EDRS.Grains.Contracts.Knowledge;
using EDRS.Persistence.Knowledge;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EDRS.Actors.Knowledge.Sources;

/// <summary>
/// Carries out one claimed <see cref="SourceRefresh"/>: checks the collection still admits the source, fetches it (GET,
/// redirects not followed — a redirect could leave the allowed prefix — at most <see cref="KnowledgeOptions.MaxDocumentBytes"/>,
/// within <see cref="KnowledgeOptions.SourceFetchTimeout"/>), ingests it as the same document every time (its id: the
/// event's <c>documentId</c>, else derived from the URI; tags not given keep the document's current ones) and records the
/// outcome. Failures another attempt may cure (the source or the cluster unreachable, 5xx, 408, 429) are retried with
/// exponential backoff up to <see cref="KnowledgeOptions.SourceRefreshAttempts"/>; the rest end the request as failed.
/// Recorded errors are written here, never exception text.
/// </summary>
public sealed partial class SourceRefresher(
    SourceRefreshStore store, KnowledgeRouter router, DocumentIngestor ingestor, IHttpClientFactory http, IOptions<KnowledgeOptions> options,
    ILogger<SourceRefresher> logger)
{
    /// <summary>The HTTP client sources are fetched with (registered without automatic redirects).</summary>
    public const string HttpClientName = "edrs-knowledge-sources";

    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(10);

    private readonly KnowledgeOptions _options = options.Value;

    public async Task RefreshAsync(SourceRefresh refresh, CancellationToken cancellationToken)
    {
        CollectionView collection;
        try
        {
            collection = await router.CollectionAsync(refresh.Tenant, refresh.CollectionId, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument)
        {
            await FinishAsync(refresh, SourceRefreshStatuses.Refused, "the collection does not exist", cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (RpcException)
        {
            await RetryOrFailAsync(refresh, "the collection could not be reached", cancellationToken).ConfigureAwait(false);
            return;
        }
        if (!SourceAllowList.IsAllowed(collection.AllowedSources, refresh.SourceUri))
        {
            await FinishAsync(refresh, SourceRefreshStatuses.Refused, "the collection's allowedSources do not admit the source", cancellationToken).ConfigureAwait(false);
            return;
        }

        var fetched = await FetchAsync(refresh, cancellationToken).ConfigureAwait(false);
        if (fetched is null)
            return;
        try
        {
            var documentId = refresh.DocumentId ?? DocumentIngestor.IdForSource(refresh.SourceUri);
            var tags = refresh.Tags ?? await CurrentTagsAsync(refresh, documentId, cancellationToken).ConfigureAwait(false);
            var result = await ingestor.IngestAsync(refresh.Tenant, refresh.CollectionId, new DocumentSubmission
            {
                DocumentId = documentId,
                Title = refresh.Title,
                Content = fetched.Value.Content,
                ContentType = fetched.Value.ContentType,
                SourceUri = refresh.SourceUri,
                Tags = tags,
                FileName = Path.GetFileName(new Uri(refresh.SourceUri).AbsolutePath),
            }, cancellationToken).ConfigureAwait(false);
            var outcome = result.Unchanged ? "unchanged" : result.Version == 1 ? "added" : "updated";
            await store.FinishAsync(refresh, SourceRefreshStatuses.Done, outcome, result.DocumentId, result.Version, null, cancellationToken).ConfigureAwait(false);
            LogRefreshed(logger, refresh.CollectionId, refresh.SourceUri, outcome, result.Version);
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.InvalidArgument or StatusCode.FailedPrecondition or StatusCode.ResourceExhausted)
        {
            // Knowledge refusals are written for users (they name the field and the limit).
            await FinishAsync(refresh, SourceRefreshStatuses.Failed, "the document was refused: " + ex.Status.Detail, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            await FinishAsync(refresh, SourceRefreshStatuses.Refused, "the collection does not exist", cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException)
        {
            await RetryOrFailAsync(refresh, "ingesting the document failed (embedding or storage unavailable)", cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<(byte[] Content, string? ContentType)?> FetchAsync(SourceRefresh refresh, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.SourceFetchTimeout);
        try
        {
            using var client = http.CreateClient(HttpClientName);
            using var response = await client.GetAsync(refresh.SourceUri, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status is >= 300 and < 400)
            {
                await FinishAsync(refresh, SourceRefreshStatuses.Failed,
                    $"the source answered {status} (a redirect); redirects are not followed: send the final URI", cancellationToken).ConfigureAwait(false);
                return null;
            }
            if (!response.IsSuccessStatusCode)
            {
                var error = $"the source answered {status}";
                if (status >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests)
                    await RetryOrFailAsync(refresh, error, cancellationToken).ConfigureAwait(false);
                else
                    await FinishAsync(refresh, SourceRefreshStatuses.Failed, error, cancellationToken).ConfigureAwait(false);
                return null;
            }
            if (response.Content.Headers.ContentLength > _options.MaxDocumentBytes)
            {
                await FinishAsync(refresh, SourceRefreshStatuses.Failed, TooLarge(), cancellationToken).ConfigureAwait(false);
                return null;
            }
            var content = await ReadAtMostAsync(response.Content, _options.MaxDocumentBytes + 1, timeout.Token).ConfigureAwait(false);
            if (content.Length > _options.MaxDocumentBytes)
            {
                await FinishAsync(refresh, SourceRefreshStatuses.Failed, TooLarge(), cancellationToken).ConfigureAwait(false);
                return null;
            }
            return (content, MediaTypeOf(response.Content.Headers.ContentType));
        }
        catch (HttpRequestException ex) when (OutboundRefusedException.In(ex) is { } refused)
        {
            await FinishAsync(refresh, SourceRefreshStatuses.Failed, refused.Message, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            await RetryOrFailAsync(refresh, ex is OperationCanceledException ? "fetching the source timed out" : "the source could not be reached",
                cancellationToken).ConfigureAwait(false);
            return null;
        }
    }

    private string TooLarge() => $"the source is larger than {_options.MaxDocumentBytes} bytes (Knowledge__MaxDocumentBytes)";

    private async Task<IReadOnlyList<string>> CurrentTagsAsync(SourceRefresh refresh, string documentId, CancellationToken cancellationToken)
    {
        try
        {
            var current = await router.GetDocumentAsync(refresh.Tenant, refresh.CollectionId, documentId, cancellationToken).ConfigureAwait(false);
            return [.. current.Tags];
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return [];
        }
    }

    private static string? MediaTypeOf(MediaTypeHeaderValue? type) =>
        type?.MediaType is { Length: > 0 } media && media != "application/octet-stream" ? media : null;

    private static async Task<byte[]> ReadAtMostAsync(HttpContent content, long limit, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while (buffer.Length < limit && (read = await stream.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, limit - buffer.Length)), cancellationToken).ConfigureAwait(false)) > 0)
            buffer.Write(chunk, 0, read);
        return buffer.ToArray();
    }

    private Task FinishAsync(SourceRefresh refresh, string status, string error, CancellationToken cancellationToken)
    {
        LogNotRefreshed(logger, refresh.CollectionId, refresh.SourceUri, status, error);
        return store.FinishAsync(refresh, status, null, null, null, error, cancellationToken);
    }

    private Task RetryOrFailAsync(SourceRefresh refresh, string error, CancellationToken cancellationToken)
    {
        if (refresh.Attempts >= _options.SourceRefreshAttempts)
            return FinishAsync(refresh, SourceRefreshStatuses.Failed, $"{error} ({refresh.Attempts} attempts)", cancellationToken);
        var delay = TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, FirstRetryDelay.Ticks * (1L << Math.Min(refresh.Attempts - 1, 20))));
        return store.RetryAsync(refresh, delay, error, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-ingested {SourceUri} into knowledge collection {CollectionId}: {Outcome} (version {Version})")]
    private static partial void LogRefreshed(ILogger logger, string collectionId, string sourceUri, string outcome, long version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Re-ingesting {SourceUri} into knowledge collection {CollectionId} ended {Status}: {Error}")]
    private static partial void LogNotRefreshed(ILogger logger, string collectionId, string sourceUri, string status, string error);
}
