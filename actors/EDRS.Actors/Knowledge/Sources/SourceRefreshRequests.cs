using System.Text.Json;
using EDRS.Actors.Inbound.Ingestion;
using EDRS.Grains.Contracts.Events;
using EDRS.Grains.Contracts.Knowledge;
using EDRS.Persistence.Knowledge;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace EDRS.Actors.Knowledge.Sources;

/// <summary>
/// Inbound <c>knowledge.*</c> events whose payload names a collection and a source
/// (<c>{"collectionId","sourceUri","documentId"?,"title"?,"tags"?}</c>) ask to re-ingest that source. When the collection
/// exists and its allow-list admits the URI, the request is recorded in <see cref="SourceRefreshStore"/> before the event
/// is routed; <see cref="SourceRefresher"/> fetches and ingests it. Other <c>knowledge.*</c> events, and requests the
/// collection does not allow, are only routed (and logged): a refusal is the collection owner's configuration, not a
/// reason to lose the event.
/// </summary>
public sealed partial class SourceRefreshRequests(SourceRefreshStore store, KnowledgeRouter router, ILogger<SourceRefreshRequests> logger) : IInboundEventReaction
{
    public const string EventDomain = "knowledge.";

    public bool Handles(string eventType) => eventType.StartsWith(EventDomain, StringComparison.Ordinal);

    public async Task ReactAsync(string tenant, BaseEvent e, CancellationToken cancellationToken)
    {
        if (Read(e.Payload) is not { } request)
            return;
        if (SourceAllowList.ProblemWithSource(request.SourceUri) is not null || KnowledgeDecider.ProblemWithCollectionId(request.CollectionId) is not null)
        {
            LogIgnored(logger, e.EventId, "its collectionId or sourceUri is not valid");
            return;
        }
        CollectionView collection;
        try
        {
            collection = await router.CollectionAsync(tenant, request.CollectionId, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            LogIgnored(logger, e.EventId, "its collection does not exist");
            return;
        }
        if (!SourceAllowList.IsAllowed(collection.AllowedSources, request.SourceUri))
        {
            LogIgnored(logger, e.EventId, "its collection's allowedSources do not admit the source");
            return;
        }
        await store.RequestAsync(tenant, request.CollectionId, request.SourceUri, request.DocumentId, request.Title, request.Tags, e.EventId, cancellationToken)
            .ConfigureAwait(false);
    }

    private static Request? Read(string payload)
    {
        try
        {
            using var json = JsonDocument.Parse(payload);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("collectionId", out var collection) || collection.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("sourceUri", out var source) || source.ValueKind != JsonValueKind.String)
                return null;
            List<string>? tags = null;
            if (root.TryGetProperty("tags", out var given) && given.ValueKind == JsonValueKind.Array)
                tags = [.. given.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!)];
            return new Request(collection.GetString()!, source.GetString()!, StringOf(root, "documentId"), StringOf(root, "title"), tags);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? StringOf(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Knowledge event {EventId} re-ingests nothing: {Reason}")]
    private static partial void LogIgnored(ILogger logger, string eventId, string reason);

    private sealed record Request(string CollectionId, string SourceUri, string? DocumentId, string? Title, IReadOnlyList<string>? Tags);
}
