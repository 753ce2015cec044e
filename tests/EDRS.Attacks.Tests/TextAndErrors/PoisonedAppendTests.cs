using System.Net;
using System.Text.Json;
using EDRS.Testing.Gateway;
using static EDRS.Testing.Gateway.Api;
using static EDRS.Testing.Gateway.InboundApi;

namespace EDRS.Attacks.Tests.TextAndErrors;

/// <summary>
/// Tenants share the journal's group commits: one tenant's unstorable data must fail only its own request — with a 400,
/// the grain still answering — while another tenant's appends in the same instant all commit.
/// </summary>
public sealed class PoisonedAppendTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private const int CleanAppends = 100;

    public static TheoryData<string> Poisons => new()
    {
        // NUL in a fact: text PostgreSQL cannot store, caught before it reaches a batch.
        "fact-nul",
        // A number beyond PostgreSQL's numeric range in an event payload: valid JSON that only the database refuses
        // ("value overflows numeric format"), so it reaches a shared batch and the writer has to isolate it.
        "event-overflow",
    };

    [Theory]
    [MemberData(nameof(Poisons))]
    public async Task A_poisoned_append_fails_alone_with_a_400_while_100_appends_of_another_tenant_commit(string poison)
    {
        using var attacker = await gateway.ClientForAsync(TestClients.TenantA);
        using var neighbour = await gateway.ClientForAsync(TestClients.TenantB);
        var personaId = $"victim-{poison}";
        await attacker.HireAsync(personaId);
        await attacker.HireHandlingAsync($"handler-{poison}", "poison.*");
        await neighbour.HireAsync(personaId);

        var clean = Enumerable.Range(0, CleanAppends).Select(async i =>
        {
            using var response = await neighbour.SendAsync(HttpMethod.Post, $"{PersonasPath}/{personaId}/people/p{i % 10}/facts",
                Fact(kind: "note", text: $"Clean fact {i}."), idempotencyKey: $"clean-{poison}-{i}");
            return response.StatusCode;
        }).ToList();
        var poisoned = PoisonAsync(attacker, poison, personaId);
        var statuses = await Task.WhenAll(clean);
        var (status, body) = await poisoned;

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Created, s));
        Assert.Equal(CleanAppends + 1, await gateway.Database.CountAsync("select count(*) from mt_events where stream_id = $1", $"persona/{TestClients.TenantB}/{personaId}"));
        Assert.True(status == HttpStatusCode.BadRequest, $"the poisoned request answered {(int)status}: {body}");
        // The poisoned tenant's grains keep answering, and take clean requests.
        Assert.Equal(personaId, (await attacker.GetJsonAsync($"{PersonasPath}/{personaId}")).GetProperty("id").GetString());
        using var after = await attacker.SendAsync(HttpMethod.Post, $"{PersonasPath}/{personaId}/people/bob/facts", Fact(kind: "note", text: "Clean again."));
        await after.ReadJsonAsync(HttpStatusCode.Created);
        await attacker.PublishAsync(Event(eventType: "poison.clean"));
    }

    private static async Task<(HttpStatusCode Status, string Body)> PoisonAsync(HttpClient attacker, string poison, string personaId)
    {
        using var response = poison == "fact-nul"
            ? await attacker.SendAsync(HttpMethod.Post, $"{PersonasPath}/{personaId}/people/bob/facts", """{"kind":"note","text":"a\u0000b"}""")
            : await attacker.SendAsync(HttpMethod.Post, "/api/v1/events", JsonSerializer.Serialize(Event(eventType: "poison.overflow"))
                .Replace("\"ticket\":42", "\"ticket\":1e200000", StringComparison.Ordinal));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
