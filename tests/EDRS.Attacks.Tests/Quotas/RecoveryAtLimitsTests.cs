using System.Diagnostics;
using System.Net;
using System.Text.Json;
using EDRS.Testing.Gateway;
using Xunit.Abstractions;
using static EDRS.Testing.Gateway.Api;

namespace EDRS.Attacks.Tests.Quotas;

/// <summary>
/// A persona filled to its default quotas with the costliest text there is (control characters, which JSON stores as six
/// bytes each; CJK elsewhere) refuses more, and still recovers after a restart. The recovery time and the snapshot's size
/// are reported (RESULT line), not asserted: the README's recovery budget quotes them.
/// </summary>
public sealed class RecoveryAtLimitsTests(RecoveryGateway gateway, ITestOutputHelper output) : IClassFixture<RecoveryGateway>
{
    // The documented defaults (README, Quotas): what a persona may hold.
    private const int PeoplePerPersona = 1_000;
    private const int FactsPerPersona = 2_000;
    private const int OpenWorkPerPersona = 1_000;
    private const string Persona = "at-limits";

    private const string WarmUp = "warm-up";

    [Fact]
    public async Task A_persona_at_its_limits_refuses_more_and_recovers_after_a_restart()
    {
        await gateway.Client.HireAsync(WarmUp);
        await HireAndUpdateProfileAsync();
        await RememberFactsAsync();
        await AssignWorkAsync();

        using (var newPerson = await gateway.Client.SendAsync(HttpMethod.Post, $"{PersonasPath}/{Persona}/people/p{PeoplePerPersona + 1:0000}/facts", Fact()))
            await newPerson.ReadLimitReachedAsync("Quotas:PeoplePerPersona");
        using (var newFact = await gateway.Client.SendAsync(HttpMethod.Post, $"{PersonasPath}/{Persona}/people/p0001/facts", Fact(subject: "one more")))
            await newFact.ReadLimitReachedAsync("Quotas:FactsPerPersona");
        var extra = await gateway.Client.PublishAsync(InboundApi.Event(eventType: "limits.work_item"));
        Assert.True(extra.GetProperty("unassigned").GetBoolean(), $"a full inbox takes no more work: {extra}");

        var stream = $"persona/{TestClients.Default}/{Persona}";
        var version = await gateway.Database.CountAsync("select max(version) from mt_events where stream_id = $1", stream);
        var snapshotBytes = await gateway.Database.CountAsync("select coalesce(max(octet_length(data::text)), 0) from edrs_snapshots where stream_id = $1", stream);
        var snapshotVersion = await gateway.Database.SnapshotVersionAsync(stream);

        var first = await RecoverAsync();
        var second = await RecoverAsync();

        output.WriteLine($"RESULT persona_at_limits_events={version} snapshot_version={snapshotVersion} snapshot_bytes={snapshotBytes} " +
            $"tail_events={version - snapshotVersion} recovery_first_ms={first:0} recovery_second_ms={second:0}");
        Assert.True(snapshotVersion > 0, "the persona recovered from a snapshot and its tail");
    }

    /// <summary>
    /// Restarts the gateway and times the first read of the persona, which recovers it; checks what it holds. A small
    /// persona is read first, so the time is the recovery's, not the fresh process's first call.
    /// </summary>
    private async Task<double> RecoverAsync()
    {
        await gateway.RestartAsync();
        await gateway.Client.GetJsonAsync($"{PersonasPath}/{WarmUp}");
        var started = Stopwatch.GetTimestamp();
        var persona = await gateway.Client.GetJsonAsync($"{PersonasPath}/{Persona}");
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        Assert.Equal(PeoplePerPersona, persona.GetProperty("peopleKnown").GetInt32());
        var inbox = await gateway.Client.GetJsonAsync($"{PersonasPath}/{Persona}/inbox");
        Assert.Equal(OpenWorkPerPersona, inbox.GetProperty("open").GetInt32());
        var person = await gateway.Client.GetJsonAsync($"{PersonasPath}/{Persona}/people/p0500");
        Assert.Equal(FactsPerPersona / PeoplePerPersona, person.GetProperty("facts").GetArrayLength());
        return elapsed;
    }

    /// <summary>Hires the persona, then replaces its profile with ones of the largest size, whose answers the persona remembers.</summary>
    private async Task HireAndUpdateProfileAsync()
    {
        await gateway.Client.HireHandlingAsync(Persona, "limits.*");
        for (var update = 0; update < 30; update++)
        {
            var profile = JsonSerializer.Serialize(new
            {
                name = Cjk(100, update),
                role = Cjk(100, update),
                skills = Enumerable.Range(0, 50).Select(i => Cjk(100, i)).ToArray(),
                responsibilities = Enumerable.Range(0, 50).Select(i => Cjk(500, i)).ToArray(),
                personality = Controls(2_000 - 4) + $"{update:0000}",
                handles = Enumerable.Range(0, 50).Select(i => i == 0 ? "limits.*" : $"limits.{new string('x', 80)}_{i:00}").ToArray(),
            });
            using var response = await gateway.Client.SendAsync(HttpMethod.Put, $"{PersonasPath}/{Persona}/profile", profile);
            await response.ReadJsonAsync(HttpStatusCode.OK);
        }
    }

    private async Task RememberFactsAsync()
    {
        const int workers = 8;
        var factsEach = FactsPerPersona / PeoplePerPersona;
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async worker =>
        {
            for (var person = worker + 1; person <= PeoplePerPersona; person += workers)
            {
                for (var f = 0; f < factsEach; f++)
                {
                    var fact = JsonSerializer.Serialize(new { kind = "note", subject = Cjk(100, f), text = Controls(2_000), source = Cjk(200, f) });
                    using var response = await gateway.Client.SendAsync(HttpMethod.Post, $"{PersonasPath}/{Persona}/people/p{person:0000}/facts", fact);
                    await response.ReadJsonAsync(HttpStatusCode.Created);
                }
            }
        }));
    }

    private async Task AssignWorkAsync()
    {
        for (var batch = 0; batch < OpenWorkPerPersona / 500; batch++)
        {
            var events = Enumerable.Range(0, 500).Select(i =>
            {
                var e = InboundApi.Event(eventType: "limits.work_item");
                e["source"] = Cjk(200, i);
                return e;
            }).ToList();
            using var response = await gateway.Client.PostJsonAsync("/api/v1/events/batch", new { events });
            Assert.Equal(500, (await response.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("accepted").GetInt32());
        }
    }

    /// <summary><paramref name="length"/> CJK characters ending in a number, so values differ.</summary>
    private static string Cjk(int length, int n) => new string('漢', length - 4) + $"{n % 10_000:0000}";

    /// <summary>Control characters: allowed in free text, and the most expensive characters for JSON to hold.</summary>
    private static string Controls(int length) => new('\u0001', length);
}
