using System.Net;
using EDRS.Testing.Gateway;
using static EDRS.Testing.Gateway.Api;

namespace EDRS.Hosts.Gateway.Tests;

public sealed class FactsApiTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private readonly HttpClient _client = gateway.Client;

    [Fact]
    public async Task Remembering_a_fact_answers_201_with_the_fact_id_and_the_person_as_location()
    {
        await _client.HireAsync("facts-post");

        using var response = await _client.SendAsync(HttpMethod.Post, $"{PersonasPath}/facts-post/people/bob/facts", Fact("preference", "Tea, no sugar.", "drinks", "standup"));

        var body = await response.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("/api/v1/personas/facts-post/people/bob", response.Headers.Location?.OriginalString);
        Assert.Equal(["personaId", "personId", "factId", "version"], body.PropertyNames());
        Assert.Equal("facts-post", body.GetProperty("personaId").GetString());
        Assert.Equal("bob", body.GetProperty("personId").GetString());
        Assert.Equal(1, body.GetProperty("factId").GetInt64());
        Assert.Equal(2, body.GetProperty("version").GetInt64());

        var person = await _client.GetJsonAsync($"{PersonasPath}/facts-post/people/bob");
        var fact = Assert.Single(person.GetProperty("facts").EnumerateArray());
        Assert.Equal("preference", fact.GetProperty("kind").GetString());
        Assert.Equal("drinks", fact.GetProperty("subject").GetString());
        Assert.Equal("Tea, no sugar.", fact.GetProperty("text").GetString());
        Assert.Equal("standup", fact.GetProperty("source").GetString());
        Assert.False(fact.TryGetProperty("revisedAt", out _));
        Assert.Equal(1, (await _client.GetJsonAsync($"{PersonasPath}/facts-post")).GetProperty("peopleKnown").GetInt32());
    }

    [Fact]
    public async Task Getting_a_person_lists_facts_newest_first_without_superseded_ones()
    {
        await _client.HireAsync("facts-list");
        var coffee = await _client.RememberAsync("facts-list", "bob", Fact("preference", "Coffee.", "drinks"));
        var meetings = await _client.RememberAsync("facts-list", "bob", Fact("dislike", "Long meetings.", "meetings"));
        using var superseding = await _client.SendAsync(HttpMethod.Post, $"{PersonasPath}/facts-list/people/bob/facts", Fact("preference", "Tea now.", "Drinks"));
        var ack = await superseding.ReadJsonAsync(HttpStatusCode.Created);
        await _client.RememberAsync("facts-list", "carol", Fact("like", "Carol likes jazz."));

        var person = await _client.GetJsonAsync($"{PersonasPath}/facts-list/people/bob");

        Assert.Equal(coffee, ack.GetProperty("supersededFactId").GetInt64());
        Assert.Equal("facts-list", person.GetProperty("personaId").GetString());
        Assert.Equal("bob", person.GetProperty("personId").GetString());
        var facts = person.GetProperty("facts").EnumerateArray().ToList();
        Assert.Equal(["Tea now.", "Long meetings."], facts.Select(f => f.GetProperty("text").GetString()));
        Assert.Equal([ack.GetProperty("factId").GetInt64(), meetings], facts.Select(f => f.GetProperty("factId").GetInt64()));
        Assert.Equal(["preference", "dislike"], facts.Select(f => f.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task Every_kind_is_accepted_and_answered_in_its_REST_spelling()
    {
        await _client.HireAsync("facts-kinds");
        foreach (var kind in new[] { "preference", "like", "dislike", "working-style", "note" })
            await _client.RememberAsync("facts-kinds", "bob", Fact(kind, $"a {kind}"));

        var person = await _client.GetJsonAsync($"{PersonasPath}/facts-kinds/people/bob");

        Assert.Equal(["note", "working-style", "dislike", "like", "preference"], person.GetProperty("facts").EnumerateArray().Select(f => f.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task Revising_a_fact_answers_200_and_the_person_shows_the_new_text_and_revision_time()
    {
        await _client.HireAsync("facts-put");
        var factId = await _client.RememberAsync("facts-put", "bob", Fact("note", "Works from Lisbon."));

        using var response = await _client.SendAsync(HttpMethod.Put, $"{PersonasPath}/facts-put/people/bob/facts/{factId}", """{"text": "Works from Porto.", "source": "chat"}""");

        var ack = await response.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(factId, ack.GetProperty("factId").GetInt64());
        Assert.Equal(3, ack.GetProperty("version").GetInt64());
        var fact = Assert.Single((await _client.GetJsonAsync($"{PersonasPath}/facts-put/people/bob")).GetProperty("facts").EnumerateArray());
        Assert.Equal("Works from Porto.", fact.GetProperty("text").GetString());
        Assert.Equal("chat", fact.GetProperty("source").GetString());
        Assert.True(fact.GetProperty("revisedAt").GetDateTimeOffset() >= fact.GetProperty("rememberedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Retracting_a_fact_answers_204_and_the_fact_is_gone()
    {
        await _client.HireAsync("facts-delete");
        var kept = await _client.RememberAsync("facts-delete", "bob", Fact("like", "Kept."));
        var dropped = await _client.RememberAsync("facts-delete", "bob", Fact("like", "Dropped."));

        using var response = await _client.DeleteAsync($"{PersonasPath}/facts-delete/people/bob/facts/{dropped}?reason=wrong%20person");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var fact = Assert.Single((await _client.GetJsonAsync($"{PersonasPath}/facts-delete/people/bob")).GetProperty("facts").EnumerateArray());
        Assert.Equal(kept, fact.GetProperty("factId").GetInt64());
        using var again = await _client.DeleteAsync($"{PersonasPath}/facts-delete/people/bob/facts/{dropped}");
        await again.ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Forgetting_a_person_answers_204_and_then_the_person_is_unknown()
    {
        await _client.HireAsync("facts-forget");
        await _client.RememberAsync("facts-forget", "bob", Fact("like", "Tea."));
        await _client.RememberAsync("facts-forget", "bob", Fact("note", "Lisbon."));
        await _client.RememberAsync("facts-forget", "carol", Fact("like", "Jazz."));

        using var response = await _client.DeleteAsync($"{PersonasPath}/facts-forget/people/bob");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        using var bob = await _client.GetAsync($"{PersonasPath}/facts-forget/people/bob");
        await bob.ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.Single((await _client.GetJsonAsync($"{PersonasPath}/facts-forget/people/carol")).GetProperty("facts").EnumerateArray());
        Assert.Equal(1, (await _client.GetJsonAsync($"{PersonasPath}/facts-forget")).GetProperty("peopleKnown").GetInt32());
    }

    [Fact]
    public async Task Forgetting_a_person_the_persona_never_knew_answers_204()
    {
        await _client.HireAsync("facts-forget-nobody");

        using var response = await _client.DeleteAsync($"{PersonasPath}/facts-forget-nobody/people/nobody");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task Remembering_with_the_same_Idempotency_Key_twice_remembers_one_fact()
    {
        await _client.HireAsync("facts-idem");
        var fact = Fact("note", "Only once.");

        using var first = await _client.SendAsync(HttpMethod.Post, $"{PersonasPath}/facts-idem/people/bob/facts", fact, "fact-key-1");
        using var second = await _client.SendAsync(HttpMethod.Post, $"{PersonasPath}/facts-idem/people/bob/facts", fact, "fact-key-1");

        Assert.Equal(
            (await first.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("factId").GetInt64(),
            (await second.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("factId").GetInt64());
        Assert.Single((await _client.GetJsonAsync($"{PersonasPath}/facts-idem/people/bob")).GetProperty("facts").EnumerateArray());
        Assert.Equal(2, await gateway.Database.CountAsync("select count(*) from mt_events where stream_id = $1", "persona/default/facts-idem"));
    }

    [Fact]
    public async Task Revising_or_retracting_a_fact_the_persona_does_not_hold_answers_404()
    {
        await _client.HireAsync("facts-missing");
        var factId = await _client.RememberAsync("facts-missing", "bob", Fact("like", "Tea."));

        using var revise = await _client.SendAsync(HttpMethod.Put, $"{PersonasPath}/facts-missing/people/bob/facts/{factId + 1}", """{"text": "x"}""");
        using var retract = await _client.DeleteAsync($"{PersonasPath}/facts-missing/people/bob/facts/{factId + 1}");
        using var otherPerson = await _client.DeleteAsync($"{PersonasPath}/facts-missing/people/carol/facts/{factId}");
        using var unknownPerson = await _client.GetAsync($"{PersonasPath}/facts-missing/people/carol");

        await revise.ReadProblemAsync(HttpStatusCode.NotFound);
        await retract.ReadProblemAsync(HttpStatusCode.NotFound);
        await otherPerson.ReadProblemAsync(HttpStatusCode.NotFound);
        await unknownPerson.ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Reusing_an_Idempotency_Key_for_another_kind_of_command_answers_422_and_changes_nothing()
    {
        await _client.HireAsync("facts-key-reuse");
        using (var update = await _client.SendAsync(HttpMethod.Put, $"{PersonasPath}/facts-key-reuse/profile", Profile(name: "Renamed"), "reused-key"))
            await update.ReadJsonAsync(HttpStatusCode.OK);

        using var fact = await _client.SendAsync(HttpMethod.Post, $"{PersonasPath}/facts-key-reuse/people/bob/facts", Fact(), "reused-key");

        var problem = await fact.ReadProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("idempotency-key-reused", problem.GetProperty("code").GetString());
        Assert.Equal(2, await gateway.Database.CountAsync("select count(*) from mt_events where stream_id = $1", "persona/default/facts-key-reuse"));
    }

    [Fact]
    public async Task Facts_told_concurrently_are_all_remembered_with_distinct_ids()
    {
        await _client.HireAsync("facts-concurrent");

        var ids = await Task.WhenAll(Enumerable.Range(0, 24).Select(i =>
            _client.RememberAsync("facts-concurrent", $"person-{i % 3}", Fact("note", $"fact {i}"))));

        Assert.Equal(Enumerable.Range(1, 24).Select(i => (long)i), ids.Order());
        Assert.Equal(25, await gateway.Database.CountAsync("select count(*) from mt_events where stream_id = $1", "persona/default/facts-concurrent"));
        Assert.Equal(3, (await _client.GetJsonAsync($"{PersonasPath}/facts-concurrent")).GetProperty("peopleKnown").GetInt32());
    }
}
