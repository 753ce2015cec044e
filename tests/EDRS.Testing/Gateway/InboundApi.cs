using System.Net;

namespace EDRS.Testing.Gateway;

/// <summary>Events in through the REST API, and the personas' inboxes they land in.</summary>
public static class InboundApi
{
    public static string NewEventId() => Guid.CreateVersion7().ToString("D");

    /// <summary>A valid external event as JSON fields, changed per test.</summary>
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

    /// <summary>Publishes one event; returns the receipt.</summary>
    public static async Task<System.Text.Json.JsonElement> PublishAsync(this HttpClient client, Dictionary<string, object?> e)
    {
        using var response = await client.PostJsonAsync("/api/v1/events", e);
        return await response.ReadJsonAsync(HttpStatusCode.Accepted);
    }

    /// <summary>Hires a persona named <paramref name="id"/> that handles events of the given type patterns.</summary>
    public static async Task HireHandlingAsync(this HttpClient client, string id, params string[] handles)
    {
        using var response = await client.SendAsync(HttpMethod.Post, Api.PersonasPath, Api.Profile(id, name: id, skills: ["work"], handles: handles));
        await response.ReadJsonAsync(HttpStatusCode.Created);
    }

    public static Task<System.Text.Json.JsonElement> InboxAsync(this HttpClient client, string personaId) =>
        client.GetJsonAsync($"{Api.PersonasPath}/{personaId}/inbox");

    public static async Task<List<string>> InboxIdsAsync(this HttpClient client, string personaId) =>
        [.. (await client.InboxAsync(personaId)).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("eventId").GetString()!)];

    /// <summary>How many WorkAssigned events for <paramref name="eventId"/> the journal holds in any persona stream of <paramref name="tenant"/>.</summary>
    public static Task<long> AssignmentsAsync(this TestDatabase journal, string eventId, string tenant = TestClients.Default) =>
        journal.CountAsync("select count(*) from mt_events where type = 'work_assigned' and stream_id like $1 and data->>'eventId' = $2",
            $"persona/{tenant}/%", eventId);
}
