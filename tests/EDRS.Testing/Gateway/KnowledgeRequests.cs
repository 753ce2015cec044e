using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace EDRS.Testing.Gateway;

/// <summary>Calls of the knowledge REST API: collections, documents (JSON and multipart), search.</summary>
public static class KnowledgeRequests
{
    public const string CollectionsPath = "/api/v1/knowledge/collections";

    /// <summary>A <c>knowledge.source_changed</c> inbound event asking <paramref name="collectionId"/> to re-ingest <paramref name="sourceUri"/>.</summary>
    public static Dictionary<string, object?> SourceChanged(string collectionId, string sourceUri, string[]? tags = null)
    {
        var e = InboundApi.Event(eventType: "knowledge.source_changed");
        var payload = new Dictionary<string, object> { ["collectionId"] = collectionId, ["sourceUri"] = sourceUri };
        if (tags is not null)
            payload["tags"] = tags;
        e["payload"] = payload;
        return e;
    }

    /// <summary>Creates a collection (again: the same answer, its Idempotency-Key is derived from the id) and returns its id.</summary>
    public static async Task<string> CreateCollectionAsync(this HttpClient client, string id, int shards = 2, string[]? allowedSources = null)
    {
        using var response = await client.SendAsync(HttpMethod.Post, CollectionsPath, JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["id"] = id,
            ["name"] = $"Collection {id}",
            ["shards"] = shards,
            ["allowedSources"] = allowedSources ?? [],
        }), idempotencyKey: $"create-collection-{id}");
        return (await response.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
    }

    /// <summary>Posts a document as JSON (its text); the response is the caller's to check.</summary>
    public static Task<HttpResponseMessage> AddDocumentAsync(this HttpClient client, string collectionId, string text, string? documentId = null,
        string? contentType = "text/markdown", string? title = null, string[]? tags = null, string? sourceUri = null) =>
        client.PostJsonAsync($"{CollectionsPath}/{collectionId}/documents", new Dictionary<string, object?>
        {
            ["documentId"] = documentId,
            ["title"] = title,
            ["text"] = text,
            ["contentType"] = contentType,
            ["tags"] = tags,
            ["sourceUri"] = sourceUri,
        }.Where(p => p.Value is not null).ToDictionary());

    /// <summary>Uploads a document as a multipart/form-data file; the response is the caller's to check.</summary>
    public static async Task<HttpResponseMessage> UploadDocumentAsync(this HttpClient client, string collectionId, byte[] file, string fileName,
        string? fileType = null, string? documentId = null, string? tags = null)
    {
        using var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(file);
        if (fileType is not null)
            part.Headers.ContentType = MediaTypeHeaderValue.Parse(fileType);
        form.Add(part, "file", fileName);
        if (documentId is not null)
            form.Add(new StringContent(documentId), "documentId");
        if (tags is not null)
            form.Add(new StringContent(tags), "tags");
        return await client.PostAsync($"{CollectionsPath}/{collectionId}/documents", form);
    }

    /// <summary>Searches and returns the hits (the response must be 200).</summary>
    public static async Task<JsonElement[]> SearchAsync(this HttpClient client, string collectionId, string query, int k = 5, string? tags = null)
    {
        var path = $"{CollectionsPath}/{collectionId}/search?q={Uri.EscapeDataString(query)}&k={k}" + (tags is null ? "" : $"&tags={Uri.EscapeDataString(tags)}");
        var body = await client.GetJsonAsync(path);
        return [.. body.GetProperty("items").EnumerateArray()];
    }
}
