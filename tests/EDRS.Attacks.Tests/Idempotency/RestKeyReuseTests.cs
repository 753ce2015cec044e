using System.Net;
using EDRS.Testing.Gateway;
using static EDRS.Testing.Gateway.InboundApi;

namespace EDRS.Attacks.Tests.Idempotency;

/// <summary>
/// An Idempotency-Key names one request. Reusing it for a different command, target or body must be refused (422,
/// <c>idempotency-key-reused</c>) — never answered with the first request's reply as if the second had been done.
/// </summary>
public sealed class RestKeyReuseTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private HttpClient Client => gateway.Client;

    [Fact]
    public async Task Forgetting_bob_with_the_key_that_forgot_alice_is_refused_and_bob_is_not_forgotten()
    {
        var personaId = await Client.PersonaKnowingAsync(["alice", "bob"]);
        var key = KeyReuse.NewKey();

        using var alice = await Client.SendAsync(HttpMethod.Delete, $"{Api.PersonasPath}/{personaId}/people/alice", idempotencyKey: key);
        Assert.Equal(HttpStatusCode.NoContent, alice.StatusCode);
        using var bob = await Client.SendAsync(HttpMethod.Delete, $"{Api.PersonasPath}/{personaId}/people/bob", idempotencyKey: key);

        var problem = await bob.ReadKeyReusedAsync();
        Assert.Contains("Idempotency-Key", problem.GetProperty("detail").GetString());
        Assert.Equal(0, await Client.FactCountAsync(personaId, "alice"));
        Assert.Equal(1, await Client.FactCountAsync(personaId, "bob"));
    }

    [Fact]
    public async Task Retracting_a_fact_with_the_key_that_remembered_it_is_refused_and_the_fact_stays()
    {
        var personaId = await Client.PersonaKnowingAsync([]);
        var key = KeyReuse.NewKey();
        using var remembered = await Client.SendAsync(HttpMethod.Post, $"{Api.PersonasPath}/{personaId}/people/bob/facts", Api.Fact(), idempotencyKey: key);
        var factId = (await remembered.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("factId").GetInt64();

        using var retracted = await Client.SendAsync(HttpMethod.Delete, $"{Api.PersonasPath}/{personaId}/people/bob/facts/{factId}", idempotencyKey: key);

        await retracted.ReadKeyReusedAsync();
        Assert.Equal(1, await Client.FactCountAsync(personaId, "bob"));
    }

    [Fact]
    public async Task Revising_a_fact_with_the_key_that_remembered_it_is_refused_and_the_text_stays()
    {
        var personaId = await Client.PersonaKnowingAsync([]);
        var key = KeyReuse.NewKey();
        using var remembered = await Client.SendAsync(HttpMethod.Post, $"{Api.PersonasPath}/{personaId}/people/bob/facts",
            Api.Fact(text: "Likes green tea."), idempotencyKey: key);
        var factId = (await remembered.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("factId").GetInt64();

        using var revised = await Client.SendAsync(HttpMethod.Put, $"{Api.PersonasPath}/{personaId}/people/bob/facts/{factId}",
            """{"text":"Likes black coffee."}""", idempotencyKey: key);

        await revised.ReadKeyReusedAsync();
        var person = await Client.GetJsonAsync($"{Api.PersonasPath}/{personaId}/people/bob");
        Assert.Equal("Likes green tea.", person.GetProperty("facts")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Remembering_a_second_fact_with_the_same_key_is_refused()
    {
        var personaId = await Client.PersonaKnowingAsync([]);
        var key = KeyReuse.NewKey();
        using var first = await Client.SendAsync(HttpMethod.Post, $"{Api.PersonasPath}/{personaId}/people/bob/facts", Api.Fact(text: "Likes tea."), idempotencyKey: key);
        await first.ReadJsonAsync(HttpStatusCode.Created);

        using var second = await Client.SendAsync(HttpMethod.Post, $"{Api.PersonasPath}/{personaId}/people/carol/facts", Api.Fact(text: "Likes tea."), idempotencyKey: key);

        await second.ReadKeyReusedAsync();
        Assert.Equal(0, await Client.FactCountAsync(personaId, "carol"));
    }

    [Fact]
    public async Task Completing_another_work_item_with_the_key_that_completed_the_first_is_refused_and_it_stays_open()
    {
        var personaId = await Client.PersonaKnowingAsync([], "reuse.completed");
        var first = (await Client.PublishAsync(Event(eventType: "reuse.completed"))).GetProperty("eventId").GetString()!;
        var second = (await Client.PublishAsync(Event(eventType: "reuse.completed"))).GetProperty("eventId").GetString()!;
        var key = KeyReuse.NewKey();

        using var done = await Client.SendAsync(HttpMethod.Post, $"{Api.PersonasPath}/{personaId}/inbox/{first}/complete", "{}", idempotencyKey: key);
        await done.ReadJsonAsync(HttpStatusCode.OK);
        using var again = await Client.SendAsync(HttpMethod.Post, $"{Api.PersonasPath}/{personaId}/inbox/{second}/complete", "{}", idempotencyKey: key);

        await again.ReadKeyReusedAsync();
        Assert.Equal([second], await Client.InboxIdsAsync(personaId));
    }

    [Fact]
    public async Task Returning_work_with_the_key_that_completed_other_work_is_refused_and_it_stays_open()
    {
        var personaId = await Client.PersonaKnowingAsync([], "reuse.returned");
        var first = (await Client.PublishAsync(Event(eventType: "reuse.returned"))).GetProperty("eventId").GetString()!;
        var second = (await Client.PublishAsync(Event(eventType: "reuse.returned"))).GetProperty("eventId").GetString()!;
        var key = KeyReuse.NewKey();

        using var done = await Client.SendAsync(HttpMethod.Post, $"{Api.PersonasPath}/{personaId}/inbox/{first}/complete", "{}", idempotencyKey: key);
        await done.ReadJsonAsync(HttpStatusCode.OK);
        using var returned = await Client.SendAsync(HttpMethod.Post, $"{Api.PersonasPath}/{personaId}/inbox/{second}/return", """{"reason":"busy"}""", idempotencyKey: key);

        await returned.ReadKeyReusedAsync();
        Assert.Equal([second], await Client.InboxIdsAsync(personaId));
    }

    [Fact]
    public async Task Updating_a_profile_with_the_key_that_hired_is_refused_and_the_profile_stays()
    {
        var key = KeyReuse.NewKey();
        var personaId = KeyReuse.NewId("hire");
        using var hired = await Client.SendAsync(HttpMethod.Post, Api.PersonasPath, Api.Profile(personaId, name: "Ada"), idempotencyKey: key);
        await hired.ReadJsonAsync(HttpStatusCode.Created);

        using var updated = await Client.SendAsync(HttpMethod.Put, $"{Api.PersonasPath}/{personaId}/profile", Api.Profile(name: "Mallory"), idempotencyKey: key);

        await updated.ReadKeyReusedAsync();
        Assert.Equal("Ada", (await Client.GetJsonAsync($"{Api.PersonasPath}/{personaId}")).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Hiring_another_persona_with_the_same_key_is_refused_and_nobody_is_hired()
    {
        var key = KeyReuse.NewKey();
        var first = KeyReuse.NewId("hire");
        var second = KeyReuse.NewId("hire");
        using var hired = await Client.SendAsync(HttpMethod.Post, Api.PersonasPath, Api.Profile(first), idempotencyKey: key);
        await hired.ReadJsonAsync(HttpStatusCode.Created);

        using var again = await Client.SendAsync(HttpMethod.Post, Api.PersonasPath, Api.Profile(second), idempotencyKey: key);

        await again.ReadKeyReusedAsync();
        using var read = await Client.GetAsync($"{Api.PersonasPath}/{second}");
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Fact]
    public async Task The_same_key_with_the_same_request_again_gets_the_first_answer_and_has_one_effect()
    {
        var personaId = await Client.PersonaKnowingAsync([]);
        var key = KeyReuse.NewKey();
        var path = $"{Api.PersonasPath}/{personaId}/people/bob/facts";

        using var first = await Client.SendAsync(HttpMethod.Post, path, """{"kind":"like","text":"Likes tea."}""", idempotencyKey: key);
        // The same request, spelled differently (key order, white space): still the same request.
        using var again = await Client.SendAsync(HttpMethod.Post, path, """{ "text": "Likes tea.", "kind": "like" }""", idempotencyKey: key);

        var one = await first.ReadJsonAsync(HttpStatusCode.Created);
        var two = await again.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(one.GetProperty("factId").GetInt64(), two.GetProperty("factId").GetInt64());
        Assert.Equal(1, await Client.FactCountAsync(personaId, "bob"));
    }

    [Fact]
    public async Task A_key_whose_request_was_refused_as_invalid_can_carry_the_corrected_request()
    {
        var personaId = await Client.PersonaKnowingAsync([]);
        var key = KeyReuse.NewKey();
        var path = $"{Api.PersonasPath}/{personaId}/people/bob/facts";

        using var invalid = await Client.SendAsync(HttpMethod.Post, path, """{"kind":"like","text":""}""", idempotencyKey: key);
        await invalid.ReadProblemAsync(HttpStatusCode.BadRequest);
        using var corrected = await Client.SendAsync(HttpMethod.Post, path, """{"kind":"like","text":"Likes tea."}""", idempotencyKey: key);

        await corrected.ReadJsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task The_same_key_in_two_tenants_is_two_keys()
    {
        using var tenantA = await gateway.ClientForAsync(TestClients.TenantA);
        using var tenantB = await gateway.ClientForAsync(TestClients.TenantB);
        var inA = await tenantA.PersonaKnowingAsync(["alice"]);
        var inB = await tenantB.PersonaKnowingAsync(["bob"]);
        var key = KeyReuse.NewKey();

        using var forgotA = await tenantA.SendAsync(HttpMethod.Delete, $"{Api.PersonasPath}/{inA}/people/alice", idempotencyKey: key);
        using var forgotB = await tenantB.SendAsync(HttpMethod.Delete, $"{Api.PersonasPath}/{inB}/people/bob", idempotencyKey: key);

        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NoContent), (forgotA.StatusCode, forgotB.StatusCode));
        Assert.Equal((0, 0), (await tenantA.FactCountAsync(inA, "alice"), await tenantB.FactCountAsync(inB, "bob")));
    }
}
