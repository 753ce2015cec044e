using System.Net;
using EDRS.Cluster.Kubernetes.Tests.FakeKubernetesApi;
using EDRS.Grains.Runtime;
using EDRS.Testing;
using EDRS.Testing.Cluster;
using EDRS.Testing.Gateway;
using Microsoft.Extensions.DependencyInjection;
using Proto;
using Proto.Cluster;

namespace EDRS.Cluster.Kubernetes.Tests;

/// <summary>
/// The gateway is the internet-facing pod; it needs the cluster's topology but no place in it, and no Kubernetes API
/// token. With <c>Cluster__Provider=Relay</c> it starts as a Proto.Cluster client and gets the member list from the
/// members over remoting (first at <c>Cluster__RelayAddress</c>, the members' headless Service, then from any member it
/// knows). Real members on loopback find each other through the Kubernetes API double; the real gateway never calls it.
/// </summary>
public sealed class RelayGatewayTests() : TwoPodClusterTest("relay")
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_gateway_without_Kubernetes_access_serves_grains_on_every_member_and_outlives_the_member_it_first_asked()
    {
        await using var a = await StartPodAsync("edrs-member-a");
        await using var b = await StartPodAsync("edrs-member-b");
        await Eventually.TrueAsync(() => Members(a) == 2 && Members(b) == 2, "both members see both", Soon);

        // The gateway as the chart runs it by default: no API server, no pod name, only where a member answers.
        await using var gateway = await GatewayFixture.StartAsync(new GatewayOptions
        {
            Journal = Database.ConnectionString,
            Settings = new Dictionary<string, string?>
            {
                ["Cluster:Name"] = "edrs",
                ["Cluster:Provider"] = "Relay",
                ["Cluster:RelayAddress"] = a.Address,
            },
        });

        // Personas hired through the gateway are placed on both members.
        var placed = new Dictionary<string, string>();
        for (var i = 0; i < 40 && placed.Values.Distinct().Count() < 2; i++)
        {
            var personaId = await gateway.Client.HireAsync();
            var pid = await a.Cluster.GetAsync(GrainIdentity.Of("persona", TestClients.Default, personaId).ClusterIdentity, "persona", CancellationToken.None);
            placed[personaId] = pid!.Address;
        }
        Assert.Equal(new[] { a.Address, b.Address }.Order(StringComparer.Ordinal), placed.Values.Distinct().Order(StringComparer.Ordinal));

        // It is no member: the members still count two, and it labelled no pod (the two PATCHes are the members').
        Assert.Equal(2, Members(a));
        Assert.Equal(2, Members(b));
        Assert.Equal(2, ApiServer.Requests.Count(r => r.Method == "PATCH"));

        // The member it asked first leaves; the gateway has learnt the others from it, and serves A's personas from B.
        var onA = placed.First(p => p.Value == a.Address).Key;
        await a.StopAsync();
        var gatewayCluster = gateway.Services.GetRequiredService<ActorSystem>().Cluster();
        await Eventually.TrueAsync(() => gatewayCluster.MemberList.GetAllMembers().Select(m => m.Address).SequenceEqual([b.Address]),
            "the gateway sees B alone", Soon);
        await Eventually.TrueAsync(async () =>
        {
            using var response = await gateway.Client.GetAsync($"{Api.PersonasPath}/{onA}");
            return response.StatusCode == HttpStatusCode.OK;
        }, "a persona that lived on A, through the gateway", Soon, TimeSpan.FromMilliseconds(250));
    }

    [Fact]
    public async Task A_relay_gateway_that_no_member_answers_fails_to_start_naming_the_relay_address()
    {
        var nobody = $"127.0.0.1:{FreePorts.Next()}";

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => GatewayFixture.StartAsync(new GatewayOptions
        {
            Journal = Database.ConnectionString,
            Settings = new Dictionary<string, string?>
            {
                ["Cluster:Name"] = "edrs",
                ["Cluster:Provider"] = "Relay",
                ["Cluster:RelayAddress"] = nobody,
                ["Cluster:RelayJoinTimeout"] = "00:00:03",
            },
        }));

        Assert.Contains("Cluster__RelayAddress", failure.ToString(), StringComparison.Ordinal);
        Assert.Contains(nobody, failure.ToString(), StringComparison.Ordinal);
    }

    private static int Members(TestMember member) => member.Cluster.MemberList.GetAllMembers().Length;
}
