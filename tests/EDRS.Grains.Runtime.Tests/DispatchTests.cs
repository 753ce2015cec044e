using EDRS.Actors.Personas;
using EDRS.Grains.Contracts;
using EDRS.Grains.Contracts.Personas;
using EDRS.Grains.Runtime;
using EDRS.Testing;
using EDRS.Testing.Cluster;
using EDRS.Testing.Grains;
using Grpc.Core;
using Proto.Cluster;

namespace EDRS.Grains.Runtime.Tests;

/// <summary>What a grain answers to envelopes no typed client would send: always a fault, never silence.</summary>
public sealed class DispatchTests(TestDatabase db) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task A_wrong_message_type_or_unknown_method_index_gets_a_fault_reply()
    {
        await using var member = await TestMember.StartSingleNodeAsync(db.ConnectionString);
        var personaId = await member.HireAsync();
        var identity = ClusterIdentity.Create(GrainIdentity.Of("persona", Personas.Tenant, personaId).ClusterIdentity, "persona");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));

        var wrongType = await member.Cluster.RequestAsync<object>(identity, new GrainRequestMessage(0, new GetPersonaRequest()), timeout.Token);
        var unknownIndex = await member.Cluster.RequestAsync<object>(identity, new GrainRequestMessage(99, new GetPersonaRequest()), timeout.Token);
        var empty = await member.Cluster.RequestAsync<object>(identity, new GrainRequestMessage(6, null), timeout.Token);

        Assert.Equal((int)StatusCode.InvalidArgument, Assert.IsType<GrainFault>(wrongType).Code);
        Assert.Equal((int)StatusCode.Unimplemented, Assert.IsType<GrainFault>(unknownIndex).Code);
        Assert.Equal((int)StatusCode.InvalidArgument, Assert.IsType<GrainFault>(empty).Code);
        var view = await member.Persona(personaId).GetPersonaAsync(new GetPersonaRequest());
        Assert.Equal(1, view.Version);
    }
}
