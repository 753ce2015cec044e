using System.Net;
using System.Text.Json;
using EDRS.Testing.Gateway;

namespace EDRS.Hosts.Gateway.Tests.Sessions;

/// <summary>Session requests against the REST API, and the Server-Sent Events they answer with.</summary>
internal static class SessionRequests
{
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
