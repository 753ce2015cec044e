using System.Net;
using System.Text;
using System.Text.Json;

namespace EDRS.Events.Tests;

/// <summary>The events, personas and inbox REST calls the tests make, with JSON written and read as plain text.</summary>
internal static class EventsApiClient
{
    public static string NewEventId() => Guid.CreateVersion7().ToString("D");

    public static Dictionary<string, object?> Event(string? eventId = null, string eventType = "support.ticket_opened", string priority = "normal") => new()
    {
        ["eventId"] = eventId ?? NewEventId(),
        ["source"] = "helpdesk",
        ["eventType"] = eventType,
        ["priority"] = priority,
        ["payload"] = new Dictionary<string, object> { ["ticket"] = 42 },
        ["metadata"] = new Dictionary<string, string> { ["region"] = "eu" },
        ["occurredAt"] = "2026-11-26T09:00:00Z",
    };

    public static async Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, object body)
    {
        var content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        return await client.PostAsync(path, content);
    }

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Publishes one event; returns the receipt.</summary>
    public static async Task<JsonElement> PublishAsync(this HttpClient client, Dictionary<string, object?> e)
    {
        using var response = await client.PostJsonAsync("/api/v1/events", e);
        return await response.ReadJsonAsync(HttpStatusCode.Accepted);
    }

    public static async Task HireAsync(this HttpClient client, string id, params string[] handles)
    {
        using var response = await client.PostJsonAsync("/api/v1/personas", new Dictionary<string, object?>
        {
            ["id"] = id,
            ["name"] = id,
            ["skills"] = new[] { "work" },
            ["handles"] = handles,
        });
        await response.ReadJsonAsync(HttpStatusCode.Created);
    }

    public static async Task<JsonElement> InboxAsync(this HttpClient client, string personaId)
    {
        using var response = await client.GetAsync($"/api/v1/personas/{personaId}/inbox");
        return await response.ReadJsonAsync(HttpStatusCode.OK);
    }

    public static async Task<List<string>> InboxIdsAsync(this HttpClient client, string personaId) =>
        [.. (await client.InboxAsync(personaId)).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("eventId").GetString()!)];
}
