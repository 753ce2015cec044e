using EDRS.Actors.Personas;
using EDRS.Grains.Contracts.Personas;
using EDRS.Grains.Runtime;
using EDRS.Testing;
using EDRS.Testing.Cluster;
using EDRS.Testing.Grains;
using Proto.Cluster;

namespace EDRS.Grains.Runtime.Tests;

/// <summary>Two members on loopback joined through the seed provider.</summary>
public sealed class FailoverTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task A_persona_living_on_member_A_is_served_with_its_full_state_through_member_B_after_A_stops()
    {
        await using var a = await TestMember.StartSeedMemberAsync(db.ConnectionString, seed: null);
        await using var b = await TestMember.StartSeedMemberAsync(db.ConnectionString, seed: a);
        await Eventually.TrueAsync(() => a.Cluster.MemberList.GetAllMembers().Length == 2 && b.Cluster.MemberList.GetAllMembers().Length == 2, "both members see both");

        // Hire through B until one persona is placed on A.
        string? onA = null;
        for (var i = 0; i < 40 && onA is null; i++)
        {
            var personaId = await b.HireAsync();
            var pid = await b.Cluster.GetAsync(GrainIdentity.Of("persona", Personas.Tenant, personaId).ClusterIdentity, "persona", CancellationToken.None);
            if (pid?.Address == a.Address)
                onA = personaId;
        }
        Assert.NotNull(onA);
        await b.RememberAsync(onA, "gina", "prefers Slack to email", subject: "channel");
        await b.RememberAsync(onA, "gina", "dislikes Monday meetings");
        var before = await b.Persona(onA).GetPersonAsync(new GetPersonRequest { PersonId = "gina" });

        await a.StopAsync();
        await Eventually.TrueAsync(() => b.Cluster.MemberList.GetAllMembers().Length == 1, "B sees A leave");
        var after = await b.Persona(onA).GetPersonAsync(new GetPersonRequest { PersonId = "gina" });
        var pidAfter = await b.Cluster.GetAsync(GrainIdentity.Of("persona", Personas.Tenant, onA).ClusterIdentity, "persona", CancellationToken.None);

        Assert.Equal(before, after);
        Assert.Equal(b.Address, pidAfter?.Address);
        var ack = await b.RememberAsync(onA, "gina", "moved to the Berlin office");
        Assert.Equal(4, ack.Version);
    }
}
