using System.Net;
using System.Text.Json;
using EDRS.Testing.Gateway;

namespace EDRS.Attacks.Tests.Quotas;

/// <summary>A session holds at most <c>Quotas:TurnsPerSession</c> turns, and its turns are read a page at a time.</summary>
public sealed class SessionQuotaTests(SessionModelGateway gateway) : IClassFixture<SessionModelGateway>
{
    [Fact]
    public async Task A_session_takes_at_most_the_configured_number_of_turns_and_pages_them_oldest_first()
    {
        var persona = await gateway.Client.HireAsync("quota-talker");
        using var opened = await gateway.Client.PostJsonAsync($"/api/v1/personas/{persona}/sessions", JsonSerializer.Serialize(new { personId = "bob" }));
        var session = (await opened.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        for (var i = 1; i <= 3; i++)
        {
            using var said = await gateway.Client.PostJsonAsync($"/api/v1/sessions/{session}/messages", JsonSerializer.Serialize(new { text = $"Hello {i}" }));
            await said.ReadJsonAsync(HttpStatusCode.OK);
        }

        using var fourth = await gateway.Client.PostJsonAsync($"/api/v1/sessions/{session}/messages", JsonSerializer.Serialize(new { text = "One more" }));
        await fourth.ReadLimitReachedAsync("Quotas:TurnsPerSession");

        var first = await gateway.Client.GetJsonAsync($"/api/v1/sessions/{session}?limit=2");
        var second = await gateway.Client.GetJsonAsync($"/api/v1/sessions/{session}?limit=2&cursor={Uri.EscapeDataString(first.GetProperty("nextCursor").GetString()!)}");
        Assert.Equal([1, 2], first.GetProperty("turns").EnumerateArray().Select(t => t.GetProperty("number").GetInt32()));
        Assert.Equal([3], second.GetProperty("turns").EnumerateArray().Select(t => t.GetProperty("number").GetInt32()));
        Assert.False(second.TryGetProperty("nextCursor", out _));
        Assert.Equal(3, second.GetProperty("turnCount").GetInt32());
    }

    [Fact]
    public async Task A_session_cursor_the_API_did_not_return_is_a_400_naming_cursor()
    {
        var persona = await gateway.Client.HireAsync("quota-cursor");
        using var opened = await gateway.Client.PostJsonAsync($"/api/v1/personas/{persona}/sessions", JsonSerializer.Serialize(new { personId = "bob" }));
        var session = (await opened.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;

        using var response = await gateway.Client.GetAsync($"/api/v1/sessions/{session}?cursor=not-ours");

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("cursor", out _), problem.ToString());
    }
}
