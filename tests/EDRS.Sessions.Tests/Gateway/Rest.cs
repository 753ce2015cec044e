using System.Net;
using System.Text;
using System.Text.Json;

namespace EDRS.Sessions.Tests.Gateway;

/// <summary>Requests against the REST API with JSON written and read as plain text.</summary>
internal static class Rest
{
    public static async Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, string? json, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (json is not null)
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        if (accept is not null)
            request.Headers.TryAddWithoutValidation("Accept", accept);
        return await client.SendAsync(request);
    }

    /// <summary>Asserts the status (showing the body when it differs) and returns the JSON body.</summary>
    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<string> HireAsync(this HttpClient client, string personaId)
    {
        using var response = await client.PostJsonAsync("/api/v1/personas", JsonSerializer.Serialize(new
        {
            id = personaId, name = "Ada", role = "Support lead", skills = new[] { "billing" }, personality = "calm, precise",
        }));
        return (await response.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
    }

    public static async Task<string> OpenSessionAsync(this HttpClient client, string personaId, string personId = "bob")
    {
        using var response = await client.PostJsonAsync($"/api/v1/personas/{personaId}/sessions", JsonSerializer.Serialize(new { personId }));
        return (await response.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
    }

    /// <summary>The events of a Server-Sent Events body, as (event, data) pairs.</summary>
    public static List<(string Event, string Data)> ParseEvents(string body)
    {
        var events = new List<(string, string)>();
        foreach (var block in body.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            string name = "message", data = "";
            foreach (var line in block.Split('\n'))
            {
                if (line.StartsWith("event:", StringComparison.Ordinal))
                    name = line["event:".Length..].Trim();
                else if (line.StartsWith("data:", StringComparison.Ordinal))
                    data += line["data:".Length..].TrimStart();
            }
            events.Add((name, data));
        }
        return events;
    }
}
