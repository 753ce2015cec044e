using System.Net;
using EDRS.Testing.Gateway;
using static EDRS.Testing.Gateway.Api;

namespace EDRS.Hosts.Gateway.Tests;

/// <summary>Grains recover from the journal's events alone.</summary>
public sealed class RestartFromEventsTests(GatewayFixture gateway) : RestartTests(gateway), IClassFixture<GatewayFixture>;

/// <summary>Grains recover from a snapshot (taken after every event) and the events after it.</summary>
public sealed class RestartFromSnapshotsTests(SnapshottingGateway gateway) : RestartTests(gateway), IClassFixture<SnapshottingGateway>;

/// <summary>What the gateway answers after it is stopped and started again on the same database.</summary>
public abstract class RestartTests(GatewayFixture gateway)
{
    [Fact]
    public async Task A_persona_and_its_facts_survive_a_restart()
    {
        await gateway.Client.HireAsync("restart-ada", name: "Ada Restart");
        using (var update = await gateway.Client.SendAsync(HttpMethod.Put, $"{PersonasPath}/restart-ada/profile", Profile(name: "Ada Restarted", skills: ["go", "sql"])))
            await update.ReadJsonAsync(HttpStatusCode.OK);
        var older = await gateway.Client.RememberAsync("restart-ada", "bob", Fact("preference", "Coffee.", "drinks"));
        await gateway.Client.RememberAsync("restart-ada", "bob", Fact("note", "Lives in Porto."));
        await gateway.Client.RememberAsync("restart-ada", "bob", Fact("preference", "Tea.", "drinks"));
        var persona = await gateway.Client.GetJsonAsync($"{PersonasPath}/restart-ada");
        var person = await gateway.Client.GetJsonAsync($"{PersonasPath}/restart-ada/people/bob");

        await gateway.RestartAsync();

        var personaAfter = await gateway.Client.GetJsonAsync($"{PersonasPath}/restart-ada");
        var personAfter = await gateway.Client.GetJsonAsync($"{PersonasPath}/restart-ada/people/bob");
        Assert.Equal(persona.ToString(), personaAfter.ToString());
        Assert.Equal(person.ToString(), personAfter.ToString());
        Assert.Equal("Ada Restarted", personaAfter.GetProperty("name").GetString());
        Assert.Equal(5, personaAfter.GetProperty("version").GetInt64());
        Assert.DoesNotContain(older, personAfter.GetProperty("facts").EnumerateArray().Select(f => f.GetProperty("factId").GetInt64()));

        // The next fact id continues after the restart instead of starting over.
        Assert.Equal(4, await gateway.Client.RememberAsync("restart-ada", "carol", Fact("like", "Jazz.")));
    }

    [Fact]
    public async Task An_Idempotency_Key_is_still_honoured_after_a_restart()
    {
        await gateway.Client.HireAsync("restart-idem");
        using (var first = await gateway.Client.SendAsync(HttpMethod.Post, $"{PersonasPath}/restart-idem/people/bob/facts", Fact("note", "Once."), "restart-key"))
            await first.ReadJsonAsync(HttpStatusCode.Created);

        await gateway.RestartAsync();

        using var again = await gateway.Client.SendAsync(HttpMethod.Post, $"{PersonasPath}/restart-idem/people/bob/facts", Fact("note", "Once."), "restart-key");
        Assert.Equal(1, (await again.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("factId").GetInt64());
        Assert.Equal(2, await gateway.Database.CountAsync("select count(*) from mt_events where stream_id = $1", "persona/default/restart-idem"));
    }

    [Fact]
    public async Task A_forgotten_person_stays_forgotten_after_a_restart_and_no_stored_event_or_snapshot_holds_their_facts()
    {
        var secret = $"zebra-umbrella-{Guid.NewGuid():N}";
        await gateway.Client.HireAsync("restart-erase");
        var factId = await gateway.Client.RememberAsync("restart-erase", "bob", Fact("note", $"{secret} one", $"{secret}-subject", $"{secret}-source"));
        using (var revise = await gateway.Client.SendAsync(HttpMethod.Put, $"{PersonasPath}/restart-erase/people/bob/facts/{factId}", $$"""{"text": "{{secret}} one, revised"}"""))
            await revise.ReadJsonAsync(HttpStatusCode.OK);
        await gateway.Client.RememberAsync("restart-erase", "bob", Fact("like", $"{secret} two"));
        var retracted = await gateway.Client.RememberAsync("restart-erase", "bob", Fact("like", $"{secret} three"));
        using (var retract = await gateway.Client.DeleteAsync($"{PersonasPath}/restart-erase/people/bob/facts/{retracted}?reason={secret}-reason"))
            Assert.Equal(HttpStatusCode.NoContent, retract.StatusCode);
        await gateway.Client.RememberAsync("restart-erase", "carol", Fact("like", "Carol keeps her jazz."));
        Assert.True(await gateway.Database.CountAsync("select count(*) from mt_events where data::text like $1", $"%{secret}%") > 0);

        using (var forget = await gateway.Client.DeleteAsync($"{PersonasPath}/restart-erase/people/bob"))
            Assert.Equal(HttpStatusCode.NoContent, forget.StatusCode);
        await gateway.RestartAsync();

        using var bob = await gateway.Client.GetAsync($"{PersonasPath}/restart-erase/people/bob");
        await bob.ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, await gateway.Database.CountAsync("select count(*) from mt_events where data::text like $1", $"%{secret}%"));
        Assert.Equal(0, await gateway.Database.CountAsync("select count(*) from edrs_snapshots where data::text like $1", $"%{secret}%"));
        Assert.Equal(1, await gateway.Database.CountAsync("select count(*) from edrs_snapshots where stream_id = $1", "persona/default/restart-erase"));
        var carol = await gateway.Client.GetJsonAsync($"{PersonasPath}/restart-erase/people/carol");
        Assert.Equal("Carol keeps her jazz.", Assert.Single(carol.GetProperty("facts").EnumerateArray()).GetProperty("text").GetString());
        // The stream keeps its shape: every event is still there, only the personal data is gone.
        Assert.Equal(8, await gateway.Database.CountAsync("select count(*) from mt_events where stream_id = $1", "persona/default/restart-erase"));
    }

    [Fact]
    public async Task Forgetting_a_person_whose_facts_were_all_retracted_still_erases_the_stored_events()
    {
        var secret = $"okapi-lantern-{Guid.NewGuid():N}";
        await gateway.Client.HireAsync("retracted-erase");
        var factId = await gateway.Client.RememberAsync("retracted-erase", "bob", Fact("note", secret, secret));
        using (var retract = await gateway.Client.DeleteAsync($"{PersonasPath}/retracted-erase/people/bob/facts/{factId}?reason={secret}"))
            Assert.Equal(HttpStatusCode.NoContent, retract.StatusCode);

        using (var forget = await gateway.Client.DeleteAsync($"{PersonasPath}/retracted-erase/people/bob"))
            Assert.Equal(HttpStatusCode.NoContent, forget.StatusCode);

        Assert.Equal("", await gateway.Database.ScalarAsync<string>(
            "select coalesce(string_agg(stream_id || ' ' || type, ', '), '') from mt_events where data::text like $1", $"%{secret}%"));
        Assert.Equal(0, await gateway.Database.CountAsync("select count(*) from edrs_snapshots where data::text like $1", $"%{secret}%"));
    }
}
