using System.Text.Json;
using EDRS.Actors.Personas;
using EDRS.Actors.Personas.Events;
using EDRS.Grains.Contracts.Personas;
using EDRS.Grains.Runtime;
using EDRS.Persistence.Serialization;
using EDRS.Testing;
using EDRS.Testing.Cluster;
using EDRS.Testing.Grains;
using Grpc.Core;

namespace EDRS.Grains.Runtime.Tests;

/// <summary>A persona grain on a real single-node cluster over a real journal: passivation, restarts, idempotency, snapshots.</summary>
public sealed class GrainLifecycleTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Recovered_grain_has_the_state_it_had_before_passivation()
    {
        await using var member = await TestMember.StartSingleNodeAsync(db.ConnectionString, new Dictionary<string, string?> { ["Grains:IdleTimeout"] = "00:00:01" });
        var personaId = await member.HireAsync();
        await member.RememberAsync(personaId, "bob", "prefers written updates", subject: "updates");
        await member.RememberAsync(personaId, "bob", "likes espresso");
        var before = await member.Persona(personaId).GetPersonAsync(new GetPersonRequest { PersonId = "bob" });

        using var activations = new GrainActivations("persona");
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var after = await member.Persona(personaId).GetPersonAsync(new GetPersonRequest { PersonId = "bob" });

        Assert.Equal(1, activations.Count);
        Assert.Equal(before, after);
        Assert.Equal(2, after.Facts.Count);
    }

    [Fact]
    public async Task State_survives_a_member_restart()
    {
        string personaId;
        PersonView before;
        await using (var first = await TestMember.StartSingleNodeAsync(db.ConnectionString))
        {
            personaId = await first.HireAsync();
            await first.RememberAsync(personaId, "carol", "works late on Thursdays", subject: "schedule");
            await first.RememberAsync(personaId, "carol", "works early on Thursdays", subject: "schedule");
            before = await first.Persona(personaId).GetPersonAsync(new GetPersonRequest { PersonId = "carol" });
        }

        await using var second = await TestMember.StartSingleNodeAsync(db.ConnectionString);
        var after = await second.Persona(personaId).GetPersonAsync(new GetPersonRequest { PersonId = "carol" });

        Assert.Equal(before, after);
        Assert.Equal("works early on Thursdays", Assert.Single(after.Facts).Text);
    }

    [Fact]
    public async Task The_same_command_delivered_twice_has_one_event_and_the_same_answer_also_across_a_restart()
    {
        string personaId;
        FactAck first, second;
        await using (var member = await TestMember.StartSingleNodeAsync(db.ConnectionString))
        {
            personaId = await member.HireAsync();
            first = await member.RememberAsync(personaId, "dave", "allergic to peanuts", requestId: "req-fact-1");
            second = await member.RememberAsync(personaId, "dave", "allergic to peanuts", requestId: "req-fact-1");
        }

        await using var restarted = await TestMember.StartSingleNodeAsync(db.ConnectionString);
        var third = await restarted.RememberAsync(personaId, "dave", "allergic to peanuts", requestId: "req-fact-1");

        Assert.Equal(first, second);
        Assert.Equal(first, third);
        Assert.Equal(1, (await db.RequestCountsAsync(Personas.StreamKey(personaId)))["req-fact-1"]);
        Assert.Equal([1L, 2L], await db.VersionsAsync(Personas.StreamKey(personaId)));
        var person = await restarted.Persona(personaId).GetPersonAsync(new GetPersonRequest { PersonId = "dave" });
        Assert.Single(person.Facts);
    }

    [Fact]
    public async Task A_request_id_reused_for_another_operation_is_refused()
    {
        await using var member = await TestMember.StartSingleNodeAsync(db.ConnectionString);
        var personaId = await member.HireAsync();
        await member.RememberAsync(personaId, "erin", "note", requestId: "req-shared");

        var refused = await Assert.ThrowsAsync<RpcException>(() => member.Persona(personaId).ForgetPersonAsync(
            new ForgetPersonRequest { RequestId = "req-shared", PersonId = "erin" }).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Single((await member.Persona(personaId).GetPersonAsync(new GetPersonRequest { PersonId = "erin" })).Facts);
    }

    [Fact]
    public async Task Unknown_personas_are_not_found_and_invalid_commands_name_the_field()
    {
        await using var member = await TestMember.StartSingleNodeAsync(db.ConnectionString);
        var missing = await Assert.ThrowsAsync<RpcException>(() => member.Persona(Personas.NewId()).GetPersonaAsync(new GetPersonaRequest()).ResponseAsync);
        var personaId = await member.HireAsync();
        var invalid = await Assert.ThrowsAsync<RpcException>(() => member.RememberAsync(personaId, "frank", new string('x', 2_001)));

        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        Assert.Equal("text", Assert.Single(GrainFaults.ViolationsOf(invalid)).Field);
        Assert.Equal([1L], await db.VersionsAsync(Personas.StreamKey(personaId)));
    }

    [Fact]
    public async Task Recovery_from_snapshot_and_tail_equals_full_replay()
    {
        await using var member = await TestMember.StartSingleNodeAsync(db.ConnectionString, new Dictionary<string, string?> { ["Journal:SnapshotEvery"] = "10" });
        var personaId = await member.HireAsync();
        for (var i = 0; i < 24; i++)
            await member.RememberAsync(personaId, $"person-{i % 5}", $"fact {i}", subject: $"s{i % 7}");
        var identity = GrainIdentity.Of("persona", Personas.Tenant, personaId);
        var states = member.Service<JournaledStateFactory>();

        var fromSnapshot = await RecoverAsync();
        await db.ExecuteAsync("delete from edrs_snapshots where stream_id = $1", Personas.StreamKey(personaId));
        var fromEvents = await RecoverAsync();

        Assert.Equal(25, fromSnapshot.Version);
        Assert.Equal(25, fromEvents.Version);
        Assert.Equal(JsonSerializer.Serialize(fromEvents.State, JournalJson.Options), JsonSerializer.Serialize(fromSnapshot.State, JournalJson.Options));
        Assert.Equal(5, fromSnapshot.State.People.Count);

        async Task<JournaledState<PersonaState, PersonaEvent>> RecoverAsync()
        {
            var state = states.Create<PersonaState, PersonaEvent>(new GrainActivation(identity, TimeProvider.System), PersonaState.Initial, PersonaDecider.Evolve);
            await state.RecoverAsync(CancellationToken.None);
            return state;
        }
    }
}
