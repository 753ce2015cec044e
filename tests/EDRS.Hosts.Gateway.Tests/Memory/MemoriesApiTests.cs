using System.Net;
using System.Text.Json;
using EDRS.Testing.Gateway;
using static EDRS.Testing.Gateway.Api;

namespace EDRS.Hosts.Gateway.Tests.Memory;

/// <summary>
/// The memories edge through the real gateway (single node: it hosts the memory grain and the MiniLM embedding runner) on a
/// real PostgreSQL journal: the REST contract's exact names, search as of a time, paging, deletion, validation and tenancy.
/// </summary>
public sealed class MemoriesApiTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private readonly HttpClient _client = gateway.Client;

    private static string Memories(string personaId) => $"{PersonasPath}/{personaId}/memories";

    private async Task<long> RememberAsync(string personaId, object body)
    {
        using var response = await _client.PostJsonAsync(Memories(personaId), body);
        return (await response.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt64();
    }

    private async Task<List<JsonElement>> SearchAsync(string personaId, string query) =>
        [.. (await _client.GetJsonAsync($"{Memories(personaId)}/search?{query}")).GetProperty("items").EnumerateArray()];

    [Fact]
    public async Task Remembering_answers_201_with_the_memory_and_its_location()
    {
        using var response = await _client.PostJsonAsync(Memories("mem-post"),
            new { text = "Maria prefers morning meetings.", personId = "maria-garcia", kind = "preference", importance = 7, occurredAt = "2025-03-02T09:00:00Z" });

        var body = await response.ReadJsonAsync(HttpStatusCode.Created);
        var id = body.GetProperty("id").GetInt64();
        Assert.Equal($"/api/v1/personas/mem-post/memories/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("Maria prefers morning meetings.", body.GetProperty("text").GetString());
        Assert.Equal("maria-garcia", body.GetProperty("personId").GetString());
        Assert.Equal("preference", body.GetProperty("kind").GetString());
        Assert.Equal(7, body.GetProperty("importance").GetInt32());
        Assert.Equal("told", body.GetProperty("source").GetString());
        Assert.Equal(new DateTimeOffset(2025, 3, 2, 9, 0, 0, TimeSpan.Zero), body.GetProperty("occurredAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Search_answers_items_best_first_with_the_contracts_names_and_an_update_above_the_stale_memory()
    {
        var old = await RememberAsync("mem-search", new { text = "Maria Garcia works from home on Mondays.", personId = "maria-garcia", kind = "schedule", occurredAt = "2025-03-01T09:00:00Z" });
        var update = await RememberAsync("mem-search", new { text = "Maria Garcia now works from home on Fridays instead.", personId = "maria-garcia", kind = "schedule", occurredAt = "2025-04-01T09:00:00Z" });
        await RememberAsync("mem-search", new { text = "Tom likes long lunches.", personId = "tom-becker", kind = "like", occurredAt = "2025-03-15T09:00:00Z" });

        var now = await SearchAsync("mem-search", "q=Which%20day%20does%20Maria%20work%20from%20home%3F&k=5");
        var before = await SearchAsync("mem-search", "q=Which%20day%20does%20Maria%20work%20from%20home%3F&asOf=2025-03-10T00:00:00Z");

        Assert.Equal(["id", "text", "personId", "kind", "importance", "occurredAt", "score", "superseded"], now[0].PropertyNames());
        Assert.Equal(update, now[0].GetProperty("id").GetInt64());
        Assert.False(now[0].GetProperty("superseded").GetBoolean());
        Assert.True(now.Single(i => i.GetProperty("id").GetInt64() == old).GetProperty("superseded").GetBoolean());
        Assert.Equal(old, before[0].GetProperty("id").GetInt64());
        Assert.DoesNotContain(before, i => i.GetProperty("id").GetInt64() == update);
    }

    [Fact]
    public async Task The_list_pages_with_an_opaque_cursor_and_a_deleted_memory_is_gone()
    {
        var ids = new List<long>();
        foreach (var text in new[] { "First note.", "Second note.", "Third note." })
            ids.Add(await RememberAsync("mem-list", new { text, personId = "ana-lopez" }));

        var first = await _client.GetJsonAsync($"{Memories("mem-list")}?limit=2&personId=ana-lopez");
        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await _client.GetJsonAsync($"{Memories("mem-list")}?limit=2&cursor={cursor}");
        using var deleted = await _client.SendAsync(HttpMethod.Delete, $"{Memories("mem-list")}/{ids[1]}");
        var after = await _client.GetJsonAsync(Memories("mem-list"));

        Assert.Equal(ids[..2], first.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()));
        Assert.Equal([ids[2]], second.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal([ids[0], ids[2]], after.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()));
    }

    [Theory]
    [InlineData("{}", "text")]
    [InlineData("""{"text":"x","kind":"hobby"}""", "kind")]
    [InlineData("""{"text":"x","importance":11}""", "importance")]
    [InlineData("""{"text":"x","source":"rumour"}""", "source")]
    [InlineData("""{"text":"x","personId":"Not An Id!"}""", "personId")]
    public async Task A_bad_memory_is_a_400_naming_the_field(string json, string field)
    {
        using var response = await _client.SendAsync(HttpMethod.Post, Memories("mem-bad"), json);

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors name {field}: {problem}");
    }

    [Theory]
    [InlineData("search?k=3", "q")]
    [InlineData("search?q=x&k=0", "k")]
    [InlineData("search?q=x&k=101", "k")]
    [InlineData("search?q=x&asOf=yesterday", "asOf")]
    [InlineData("search?q=x&ranking=magic", "ranking")]
    [InlineData("?limit=0", "limit")]
    [InlineData("?cursor=not-a-cursor", "cursor")]
    public async Task A_bad_query_is_a_400_naming_the_parameter(string query, string field)
    {
        using var response = await _client.SendAsync(HttpMethod.Get, $"{Memories("mem-bad")}/{query}");

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors name {field}: {problem}");
    }

    [Fact]
    public async Task Another_tenant_never_finds_a_tenants_memories()
    {
        using var a = await gateway.ClientForAsync(TestClients.TenantA);
        using var b = await gateway.ClientForAsync(TestClients.TenantB);
        using var remembered = await a.PostJsonAsync(Memories("mem-tenancy"), new { text = "The vault code word is heliotrope." });
        await remembered.ReadJsonAsync(HttpStatusCode.Created);

        var seenByB = await b.GetJsonAsync($"{Memories("mem-tenancy")}/search?q=vault%20code%20word");
        var listedByB = await b.GetJsonAsync(Memories("mem-tenancy"));

        Assert.Empty(seenByB.GetProperty("items").EnumerateArray());
        Assert.Empty(listedByB.GetProperty("items").EnumerateArray());
    }
}
