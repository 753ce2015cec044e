using System.Net;
using EDRS.Testing.Gateway;
using static EDRS.Testing.Gateway.Api;

namespace EDRS.Hosts.Gateway.Tests.Memory;

/// <summary>The working-memory edge through the real gateway: add, read, drop, and promotion into long-term memory.</summary>
public sealed class WorkingMemoryApiTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private readonly HttpClient _client = gateway.Client;

    private static string Items(string personaId) => $"{PersonasPath}/{personaId}/working-memory";

    [Fact]
    public async Task An_added_item_is_read_back_and_a_dropped_one_is_gone()
    {
        using var added = await _client.PostJsonAsync(Items("wm-crud"), new { text = "Call Bob back about the invoice.", priority = "high", ttlSeconds = 3600, about = "bob" });
        var item = await added.ReadJsonAsync(HttpStatusCode.Created);
        using var other = await _client.PostJsonAsync(Items("wm-crud"), new { text = "Quarter closes Friday." });
        var second = await other.ReadJsonAsync(HttpStatusCode.Created);

        var held = await _client.GetJsonAsync(Items("wm-crud"));
        using var dropped = await _client.SendAsync(HttpMethod.Delete, $"{Items("wm-crud")}/{second.GetProperty("id").GetInt64()}");
        var left = await _client.GetJsonAsync(Items("wm-crud"));

        Assert.Equal("high", item.GetProperty("priority").GetString());
        Assert.Equal("bob", item.GetProperty("about").GetString());
        Assert.Equal(["Call Bob back about the invoice.", "Quarter closes Friday."], held.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("text").GetString()));
        Assert.Equal(HttpStatusCode.NoContent, dropped.StatusCode);
        Assert.Equal(["Call Bob back about the invoice."], left.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task A_promoted_item_leaves_working_memory_and_becomes_a_searchable_memory()
    {
        using var added = await _client.PostJsonAsync(Items("wm-promote"), new { text = "Bob is moving to the Berlin office in May.", about = "bob" });
        var itemId = (await added.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt64();

        using var promoted = await _client.PostJsonAsync($"{Items("wm-promote")}/{itemId}/promote", new { kind = "project", importance = 6 });
        var ack = await promoted.ReadJsonAsync(HttpStatusCode.Created);

        var memoryId = ack.GetProperty("memoryId").GetInt64();
        Assert.Equal($"/api/v1/personas/wm-promote/memories/{memoryId}", promoted.Headers.Location?.OriginalString);
        Assert.Empty((await _client.GetJsonAsync(Items("wm-promote"))).GetProperty("items").EnumerateArray());
        var found = await _client.GetJsonAsync($"{PersonasPath}/wm-promote/memories/search?q=Where%20is%20Bob%20moving%3F");
        var top = found.GetProperty("items")[0];
        Assert.Equal(memoryId, top.GetProperty("id").GetInt64());
        Assert.Equal("bob", top.GetProperty("personId").GetString());
        Assert.Equal("project", top.GetProperty("kind").GetString());
    }

    [Theory]
    [InlineData("""{"text":"x","priority":"urgent"}""", "priority")]
    [InlineData("""{"text":"x","about":"Not An Id!"}""", "about")]
    public async Task A_bad_item_is_a_400_naming_the_field(string json, string field)
    {
        using var response = await _client.SendAsync(HttpMethod.Post, Items("wm-bad"), json);

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors name {field}: {problem}");
    }
}
