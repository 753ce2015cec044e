using System.Net;
using System.Text;
using System.Text.Json;

namespace EDRS.Observability.Tests;

/// <summary>Calls on the gateway's personas API, enough to make traffic.</summary>
internal static class Rest
{
    public const string Personas = "/api/v1/personas";

    public static async Task<HttpResponseMessage> PostAsync(this HttpClient client, string path, object body, string? requestId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        };
        if (requestId is not null)
            request.Headers.Add("X-Request-Id", requestId);
        return await client.SendAsync(request);
    }

    public static async Task HireAsync(this HttpClient client, string id, string? requestId = null)
    {
        using var response = await client.PostAsync(Personas, Profile(id), requestId);
        await ExpectAsync(response, HttpStatusCode.Created);
    }

    public static async Task RememberAsync(this HttpClient client, string personaId, string personId, string text, string? requestId = null)
    {
        using var response = await client.PostAsync($"{Personas}/{personaId}/people/{personId}/facts", new { kind = "note", text }, requestId);
        await ExpectAsync(response, HttpStatusCode.Created);
    }

    public static object Profile(string id) => new
    {
        id,
        name = "Ada",
        role = "Support lead",
        skills = new[] { "support" },
        personality = "Calm.",
    };

    public static async Task ExpectAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
            Assert.Fail($"Expected {(int)expected} but got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
