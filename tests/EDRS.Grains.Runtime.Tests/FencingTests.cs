using EDRS.Actors.Personas;
using EDRS.Actors.Personas.Commands;
using EDRS.Actors.Personas.Events;
using EDRS.Grains.Contracts.Personas;
using EDRS.Grains.Runtime;
using EDRS.Testing;
using EDRS.Testing.Cluster;
using EDRS.Testing.Grains;
using Grpc.Core;

namespace EDRS.Grains.Runtime.Tests;

/// <summary>
/// Split brain: two clusters that cannot see each other activate the same persona on one database.
/// The journal's expected-version check is the fence.
/// </summary>
public sealed class FencingTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Two_activations_writing_concurrently_never_fork_the_stream()
    {
        await using var left = await TestMember.StartSingleNodeAsync(db.ConnectionString);
        await using var right = await TestMember.StartSingleNodeAsync(db.ConnectionString);
        var personaId = await left.HireAsync();
        await right.Persona(personaId).GetPersonaAsync(new GetPersonaRequest()); // activate on both sides

        var acked = new System.Collections.Concurrent.ConcurrentBag<string>();
        var refused = new System.Collections.Concurrent.ConcurrentBag<string>();
        async Task WriteAsync(TestMember side, string name)
        {
            for (var i = 0; i < 40; i++)
            {
                var requestId = $"{name}-{i}";
                try
                {
                    await side.RememberAsync(personaId, "hank", $"{name} says {i}", requestId);
                    acked.Add(requestId);
                }
                catch (RpcException ex) when (ex.StatusCode == StatusCode.Aborted)
                {
                    refused.Add(requestId);
                }
            }
        }

        await Task.WhenAll(
            Task.WhenAll(Enumerable.Range(0, 4).Select(w => WriteAsync(left, $"left{w}"))),
            Task.WhenAll(Enumerable.Range(0, 4).Select(w => WriteAsync(right, $"right{w}"))));

        var versions = await db.VersionsAsync(Personas.StreamKey(personaId));
        var counts = await db.RequestCountsAsync(Personas.StreamKey(personaId));
        Assert.Equal(Enumerable.Range(1, versions.Count).Select(v => (long)v), versions);
        Assert.Equal(1 + acked.Count, versions.Count);
        Assert.All(acked, id => Assert.Equal(1, counts[id]));
        Assert.All(refused, id => Assert.False(counts.ContainsKey(id)));
        Assert.Equal(320, acked.Count + refused.Count);
    }

    [Fact]
    public async Task The_activation_that_loses_the_race_reports_a_conflict_and_stops()
    {
        await using var member = await TestMember.StartSingleNodeAsync(db.ConnectionString);
        var personaId = await member.HireAsync();
        var identity = GrainIdentity.Of("persona", Personas.Tenant, personaId);
        var factory = member.Service<JournaledStateFactory>();
        var winnerActivation = new GrainActivation(identity, TimeProvider.System);
        var loserActivation = new GrainActivation(identity, TimeProvider.System);
        var winner = factory.Create<PersonaState, PersonaEvent>(winnerActivation, PersonaState.Initial, PersonaDecider.Evolve);
        var loser = factory.Create<PersonaState, PersonaEvent>(loserActivation, PersonaState.Initial, PersonaDecider.Evolve);
        await winner.RecoverAsync(CancellationToken.None);
        await loser.RecoverAsync(CancellationToken.None);
        var command = new RememberFact("ivy", PersonFactKind.Note, "", "x", "");

        await winner.ExecuteAsync("w-1", s => PersonaDecider.Decide(command, s, DateTimeOffset.UtcNow), (_, v, _) => new PersonaAck { Version = v });
        var conflict = await Assert.ThrowsAsync<GrainException>(() =>
            loser.ExecuteAsync("l-1", s => PersonaDecider.Decide(command, s, DateTimeOffset.UtcNow), (_, v, _) => new PersonaAck { Version = v }));

        Assert.Equal(StatusCode.Aborted, conflict.Code);
        Assert.True(loserActivation.StopRequested);
        Assert.False(winnerActivation.StopRequested);
        Assert.Equal(1, loser.Version);
        Assert.Equal([1L, 2L], await db.VersionsAsync(Personas.StreamKey(personaId)));
    }
}
