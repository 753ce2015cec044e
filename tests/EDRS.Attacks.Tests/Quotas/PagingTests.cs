using System.Net;
using System.Text.Json;
using EDRS.Testing.Gateway;
using static EDRS.Testing.Gateway.Api;

namespace EDRS.Attacks.Tests.Quotas;

/// <summary>
/// Every list the API returns is paged like the persona directory — <c>limit</c> (a default and a maximum) and <c>cursor</c>
/// in, <c>nextCursor</c> out — so no read answers with everything a tenant ever piled up.
/// </summary>
public sealed class PagingTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task An_inbox_is_read_a_page_at_a_time_in_serving_order()
    {
        await gateway.Client.HireHandlingAsync("paged-inbox", "paging.inbox_*");
        var priorities = new[] { "low", "critical", "normal", "high", "normal", "critical", "low" };
        await PublishBatchAsync(priorities.Select(p => InboundApi.Event(eventType: "paging.inbox_item", priority: p)));
        var all = await gateway.Client.GetJsonAsync($"{PersonasPath}/paged-inbox/inbox?limit=500");

        var pages = await ReadAllPagesAsync($"{PersonasPath}/paged-inbox/inbox", limit: 3);

        Assert.Equal([3, 3, 1], pages.Select(p => p.GetProperty("items").GetArrayLength()));
        Assert.All(pages, p => Assert.Equal(7, p.GetProperty("open").GetInt32()));
        Assert.Equal(Ids(all), pages.SelectMany(Ids));
        Assert.Equal(["critical", "critical", "high", "normal", "normal", "low", "low"],
            all.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("priority").GetString()));
    }

    [Fact]
    public async Task An_inbox_read_without_a_limit_is_one_page_of_the_default_size()
    {
        await gateway.Client.HireHandlingAsync("paged-default", "paging.many_*");
        await PublishBatchAsync(Enumerable.Range(0, 60).Select(_ => InboundApi.Event(eventType: "paging.many_items")));

        var page = await gateway.Client.GetJsonAsync($"{PersonasPath}/paged-default/inbox");

        Assert.Equal(50, page.GetProperty("items").GetArrayLength());
        Assert.Equal(60, page.GetProperty("open").GetInt32());
        Assert.Equal(JsonValueKind.String, page.GetProperty("nextCursor").ValueKind);
    }

    [Fact]
    public async Task The_unassigned_queue_is_read_a_page_at_a_time_across_its_partitions()
    {
        using var client = await gateway.ClientForAsync(TestClients.TenantA);
        var priorities = new[] { "low", "normal", "high", "critical" };
        var events = Enumerable.Range(0, 60).Select(i => InboundApi.Event(eventType: "paging.nobody", priority: priorities[i % 4])).ToList();
        using (var published = await client.PostJsonAsync("/api/v1/events/batch", new { events }))
            Assert.Equal(60, (await published.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("accepted").GetInt32());

        var pages = await ReadAllPagesAsync("/api/v1/events/unassigned", limit: null, client);

        Assert.Equal([50, 10], pages.Select(p => p.GetProperty("items").GetArrayLength()));
        var items = pages.SelectMany(p => p.GetProperty("items").EnumerateArray()).ToList();
        Assert.Equal(events.Select(e => (string)e["eventId"]!).Order(), items.Select(i => i.GetProperty("eventId").GetString()!).Order());
        var ranks = items.Select(i => Array.IndexOf(priorities, i.GetProperty("priority").GetString())).ToList();
        Assert.Equal(ranks.OrderDescending(), ranks);
    }

    [Fact]
    public async Task What_a_persona_knows_about_a_person_is_read_a_page_at_a_time_newest_first()
    {
        var persona = await gateway.Client.HireAsync("paged-facts");
        for (var i = 0; i < 120; i++)
            await gateway.Client.RememberAsync(persona, "bob", Fact(subject: $"topic-{i}"));

        var pages = await ReadAllPagesAsync($"{PersonasPath}/{persona}/people/bob", limit: null);

        Assert.Equal([100, 20], pages.Select(p => p.GetProperty("facts").GetArrayLength()));
        var factIds = pages.SelectMany(p => p.GetProperty("facts").EnumerateArray()).Select(f => f.GetProperty("factId").GetInt64()).ToList();
        Assert.Equal(120, factIds.Distinct().Count());
        Assert.Equal(factIds.OrderDescending(), factIds);
    }

    public static TheoryData<string> PagedReads => new()
    {
        $"{PersonasPath}/ada/inbox?limit=501",
        "/api/v1/events/unassigned?limit=501",
        $"{PersonasPath}/ada/people/bob?limit=201",
        "/api/v1/sessions/s-1?limit=31",
        $"{PersonasPath}/ada/inbox?limit=0",
    };

    [Theory]
    [MemberData(nameof(PagedReads))]
    public async Task A_page_size_outside_its_range_is_a_400_naming_limit(string path)
    {
        using var response = await gateway.Client.GetAsync(path);

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("limit", out _), problem.ToString());
    }

    public static TheoryData<string> Cursors => new()
    {
        $"{PersonasPath}/ada/inbox?cursor=not-ours",
        "/api/v1/events/unassigned?cursor=not-ours",
        $"{PersonasPath}/ada/people/bob?cursor=not-ours",
    };

    [Theory]
    [MemberData(nameof(Cursors))]
    public async Task A_cursor_the_API_did_not_return_is_a_400_naming_cursor(string path)
    {
        using (await gateway.Client.SendAsync(HttpMethod.Post, PersonasPath, Profile("ada")))
        {
            // Hired by the first case; 409 for the others.
        }

        using var response = await gateway.Client.GetAsync(path);

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("cursor", out _), problem.ToString());
    }

    private async Task PublishBatchAsync(IEnumerable<Dictionary<string, object?>> events)
    {
        using var response = await gateway.Client.PostJsonAsync("/api/v1/events/batch", new { events = events.ToList() });
        var body = await response.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, body.GetProperty("failed").GetInt32() + body.GetProperty("invalid").GetInt32());
    }

    private async Task<List<JsonElement>> ReadAllPagesAsync(string path, int? limit, HttpClient? client = null)
    {
        var pages = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var query = new List<string>();
            if (limit is { } l)
                query.Add($"limit={l}");
            if (cursor is not null)
                query.Add($"cursor={Uri.EscapeDataString(cursor)}");
            var page = await (client ?? gateway.Client).GetJsonAsync(query.Count == 0 ? path : $"{path}?{string.Join("&", query)}");
            pages.Add(page);
            cursor = page.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
            Assert.True(pages.Count <= 100, "paging ends");
        }
        while (cursor is not null);
        return pages;
    }

    private static IEnumerable<string> Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("eventId").GetString()!);
}
