using System.Net;
using EDRS.Testing.Gateway;
using static EDRS.Testing.Gateway.Api;

namespace EDRS.Attacks.Tests.Quotas;

/// <summary>
/// What one persona may hold about people is bounded (people, facts in all, facts per person): past a quota a fact is a
/// 409 <c>limit-reached</c> naming it, and removing something (forgetting, retracting) makes room again.
/// </summary>
public sealed class PersonaQuotaTests(QuotaGateway gateway) : IClassFixture<QuotaGateway>
{
    [Fact]
    public async Task A_persona_knows_at_most_the_configured_number_of_people_until_one_is_forgotten()
    {
        var persona = await gateway.Client.HireAsync("quota-people");
        for (var i = 1; i <= 3; i++)
            await gateway.Client.RememberAsync(persona, $"person-{i}", Fact());

        using var fourth = await gateway.Client.SendAsync(HttpMethod.Post, $"{PersonasPath}/{persona}/people/person-4/facts", Fact());
        await fourth.ReadLimitReachedAsync("Quotas:PeoplePerPersona");

        using var forget = await gateway.Client.DeleteAsync($"{PersonasPath}/{persona}/people/person-1");
        Assert.Equal(HttpStatusCode.NoContent, forget.StatusCode);
        await gateway.Client.RememberAsync(persona, "person-4", Fact());
    }

    [Fact]
    public async Task A_person_gets_at_most_the_configured_number_of_facts_but_a_superseding_fact_still_fits()
    {
        var persona = await gateway.Client.HireAsync("quota-facts-person");
        for (var i = 1; i <= 4; i++)
            await gateway.Client.RememberAsync(persona, "bob", Fact(subject: $"topic-{i}"));

        using var fifth = await gateway.Client.SendAsync(HttpMethod.Post, $"{PersonasPath}/{persona}/people/bob/facts", Fact(subject: "topic-5"));
        await fifth.ReadLimitReachedAsync("Quotas:FactsPerPerson");

        // Same kind and subject: it replaces a fact, so the count does not grow.
        await gateway.Client.RememberAsync(persona, "bob", Fact(subject: "topic-2", text: "Changed their mind."));
    }

    [Fact]
    public async Task A_persona_holds_at_most_the_configured_number_of_facts_in_all()
    {
        var persona = await gateway.Client.HireAsync("quota-facts-all");
        for (var i = 1; i <= 3; i++)
        {
            await gateway.Client.RememberAsync(persona, "ann", Fact(subject: $"a-{i}"));
            await gateway.Client.RememberAsync(persona, "ben", Fact(subject: $"b-{i}"));
        }

        using var seventh = await gateway.Client.SendAsync(HttpMethod.Post, $"{PersonasPath}/{persona}/people/cid/facts", Fact());
        await seventh.ReadLimitReachedAsync("Quotas:FactsPerPersona");

        var factId = (await gateway.Client.GetJsonAsync($"{PersonasPath}/{persona}/people/ann")).GetProperty("facts")[0].GetProperty("factId").GetInt64();
        using var retract = await gateway.Client.DeleteAsync($"{PersonasPath}/{persona}/people/ann/facts/{factId}");
        Assert.Equal(HttpStatusCode.NoContent, retract.StatusCode);
        await gateway.Client.RememberAsync(persona, "cid", Fact());
    }
}
