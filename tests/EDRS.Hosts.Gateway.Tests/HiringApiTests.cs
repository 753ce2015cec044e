using System.Net;
using EDRS.Testing.Gateway;
using static EDRS.Testing.Gateway.Api;

namespace EDRS.Hosts.Gateway.Tests;

public sealed class HiringApiTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private readonly HttpClient _client = gateway.Client;

    [Fact]
    public async Task Hiring_with_an_id_answers_201_with_its_location_and_the_persona_in_camel_case()
    {
        using var response = await _client.SendAsync(HttpMethod.Post, PersonasPath, Profile("ada-hire", name: "Ada", skills: ["csharp", "sql"]));

        var body = await response.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("/api/v1/personas/ada-hire", response.Headers.Location?.OriginalString);
        Assert.Equal(
            ["id", "name", "role", "skills", "responsibilities", "personality", "version", "hiredAt", "updatedAt", "peopleKnown", "handles", "knowledge", "tools"],
            body.PropertyNames());
        Assert.Equal("ada-hire", body.GetProperty("id").GetString());
        Assert.Equal("Ada", body.GetProperty("name").GetString());
        Assert.Equal("Engineer", body.GetProperty("role").GetString());
        Assert.Equal(["csharp", "sql"], body.GetProperty("skills").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(["reviews"], body.GetProperty("responsibilities").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("Calm.", body.GetProperty("personality").GetString());
        Assert.Equal(1, body.GetProperty("version").GetInt64());
        Assert.Equal(0, body.GetProperty("peopleKnown").GetInt32());
        Assert.True(body.GetProperty("hiredAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
    }

    [Fact]
    public async Task Hiring_without_an_id_generates_one_and_the_location_points_at_it()
    {
        using var response = await _client.SendAsync(HttpMethod.Post, PersonasPath, Profile());

        var body = await response.ReadJsonAsync(HttpStatusCode.Created);
        var id = body.GetProperty("id").GetString();
        Assert.False(string.IsNullOrEmpty(id));
        Assert.Equal($"/api/v1/personas/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(id, (await _client.GetJsonAsync($"{PersonasPath}/{id}")).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Two_hires_without_an_id_get_different_ids() =>
        Assert.NotEqual(await _client.HireAsync(), await _client.HireAsync());

    [Fact]
    public async Task Hiring_twice_with_the_same_Idempotency_Key_hires_one_persona_with_one_event()
    {
        var key = $"hire-{Guid.NewGuid():N}";

        using var first = await _client.SendAsync(HttpMethod.Post, PersonasPath, Profile(name: "Once"), key);
        using var second = await _client.SendAsync(HttpMethod.Post, PersonasPath, Profile(name: "Once"), key);

        var firstId = (await first.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        var secondBody = await second.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(firstId, secondBody.GetProperty("id").GetString());
        Assert.Equal(1, secondBody.GetProperty("version").GetInt64());
        Assert.Equal(1, await gateway.Database.CountAsync("select count(*) from mt_events where stream_id = $1", $"persona/default/{firstId}"));
    }

    [Fact]
    public async Task Hiring_an_id_that_is_already_hired_answers_409()
    {
        await _client.HireAsync("ada-twice");

        using var response = await _client.SendAsync(HttpMethod.Post, PersonasPath, Profile("ada-twice"));

        await response.ReadProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(1, await gateway.Database.CountAsync("select count(*) from mt_events where stream_id = $1", "persona/default/ada-twice"));
    }

    [Fact]
    public async Task Getting_a_persona_answers_its_profile()
    {
        await _client.HireAsync("ada-get", name: "Ada Get");

        var body = await _client.GetJsonAsync($"{PersonasPath}/ada-get");

        Assert.Equal("ada-get", body.GetProperty("id").GetString());
        Assert.Equal("Ada Get", body.GetProperty("name").GetString());
        Assert.Equal(["csharp", "postgres"], body.GetProperty("skills").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(1, body.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Replacing_the_profile_answers_200_with_the_new_profile_and_the_next_version()
    {
        await _client.HireAsync("ada-put");

        using var response = await _client.SendAsync(HttpMethod.Put, $"{PersonasPath}/ada-put/profile", Profile(name: "Ada Lovelace", role: "Architect", skills: ["go"], personality: "Bold."));

        var body = await response.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("ada-put", body.GetProperty("id").GetString());
        Assert.Equal("Ada Lovelace", body.GetProperty("name").GetString());
        Assert.Equal("Architect", body.GetProperty("role").GetString());
        Assert.Equal(["go"], body.GetProperty("skills").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("Bold.", body.GetProperty("personality").GetString());
        Assert.Equal(2, body.GetProperty("version").GetInt64());
        Assert.True(body.GetProperty("updatedAt").GetDateTimeOffset() >= body.GetProperty("hiredAt").GetDateTimeOffset());
        Assert.Equal("Ada Lovelace", (await _client.GetJsonAsync($"{PersonasPath}/ada-put")).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Replacing_the_profile_with_the_same_one_adds_no_event()
    {
        await _client.HireAsync("ada-same");

        using var response = await _client.SendAsync(HttpMethod.Put, $"{PersonasPath}/ada-same/profile", Profile());

        Assert.Equal(1, (await response.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("version").GetInt64());
        Assert.Equal(1, await gateway.Database.CountAsync("select count(*) from mt_events where stream_id = $1", "persona/default/ada-same"));
    }

    [Fact]
    public async Task Concurrent_hires_with_the_same_Idempotency_Key_all_answer_the_same_persona_and_hire_it_once()
    {
        var key = $"race-{Guid.NewGuid():N}";

        var ids = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var response = await _client.SendAsync(HttpMethod.Post, PersonasPath, Profile(name: "Raced"), key);
            return (await response.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        }));

        var id = Assert.Single(ids.Distinct());
        Assert.Equal(1, await gateway.Database.CountAsync("select count(*) from mt_events where stream_id = $1", $"persona/default/{id}"));
    }
}
