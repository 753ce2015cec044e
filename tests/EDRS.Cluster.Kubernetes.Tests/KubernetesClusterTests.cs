using EDRS.Actors.Personas;
using EDRS.Cluster.Kubernetes.Tests.FakeKubernetesApi;
using EDRS.Grains.Contracts.Personas;
using EDRS.Grains.Runtime;
using EDRS.Testing;
using EDRS.Testing.Cluster;
using EDRS.Testing.Grains;
using Microsoft.Extensions.Options;
using Proto.Cluster;

namespace EDRS.Cluster.Kubernetes.Tests;

/// <summary>Real EDRS members on loopback finding each other through the Kubernetes provider and the fake API server.</summary>
public sealed class KubernetesClusterTests() : TwoPodClusterTest("kubernetes")
{
    private const string Tenant = "acme";
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Two_members_find_each_other_through_the_API_and_serve_a_persona_across_members_then_one_leaves()
    {
        await using var a = await StartPodAsync("edrs-member-a");
        await using var b = await StartPodAsync("edrs-member-b");
        await Eventually.TrueAsync(
            () => a.Cluster.MemberList.GetAllMembers().Length == 2 && b.Cluster.MemberList.GetAllMembers().Length == 2, "both members see both", Soon);

        foreach (var (member, podName) in new[] { (a, "edrs-member-a"), (b, "edrs-member-b") })
        {
            var pod = ApiServer.Pods.Get(TestPods.Namespace, podName);
            Assert.Equal("edrs", TestPods.Label(pod, "cluster.proto.actor/cluster"));
            Assert.Equal(member.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), TestPods.Label(pod, "cluster.proto.actor/port"));
            Assert.Equal(member.Cluster.System.Id, TestPods.Label(pod, "cluster.proto.actor/member-id"));
            Assert.Contains("persona", TestPods.Annotation(pod, "cluster.proto.actor/kinds")!.Split(';'));
        }

        // Hire through B until a persona lives on A, then use it from both sides.
        string? onA = null;
        for (var i = 0; i < 40 && onA is null; i++)
        {
            var personaId = $"p{Guid.NewGuid():N}"[..20];
            await b.Grains.Persona(Tenant, personaId).HireAsync(Personas.Hire(personaId));
            var pid = await b.Cluster.GetAsync(GrainIdentity.Of("persona", Tenant, personaId).ClusterIdentity, "persona", CancellationToken.None);
            if (pid?.Address == a.Address)
                onA = personaId;
        }

        Assert.NotNull(onA);
        await b.Grains.Persona(Tenant, onA).RememberFactAsync(new RememberFactRequest
        {
            RequestId = Guid.NewGuid().ToString(),
            PersonId = "gina",
            Kind = FactKind.Preference,
            Subject = "channel",
            Text = "prefers Slack to email",
        });
        var throughA = await a.Grains.Persona(Tenant, onA).GetPersonAsync(new GetPersonRequest { PersonId = "gina" });
        var throughB = await b.Grains.Persona(Tenant, onA).GetPersonAsync(new GetPersonRequest { PersonId = "gina" });
        Assert.Equal(throughA, throughB);
        Assert.Contains(throughA.Facts, f => f.Text == "prefers Slack to email");

        // B shuts down gracefully: it takes its labels off its pod, and A's watch drops it.
        await b.StopAsync();
        var podB = ApiServer.Pods.Get(TestPods.Namespace, "edrs-member-b");
        Assert.Null(TestPods.Label(podB, "cluster.proto.actor/cluster"));
        Assert.Null(TestPods.Label(podB, "cluster.proto.actor/member-id"));
        Assert.Null(TestPods.Annotation(podB, "cluster.proto.actor/kinds"));
        await Eventually.TrueAsync(() => a.Cluster.MemberList.GetAllMembers().Length == 1, "A sees B leave", Soon);
    }

    [Fact]
    public async Task A_member_keeps_trying_to_label_its_pod_while_the_API_server_fails_and_joins_once_it_answers()
    {
        ApiServer.Fault = ApiFault.ServerError;
        var starting = StartPodAsync("edrs-member-a", new Dictionary<string, string?>
        {
            ["Cluster:Kubernetes:RetryDelayMin"] = "00:00:00.100",
            ["Cluster:Kubernetes:RetryDelayMax"] = "00:00:00.200",
        });
        await Eventually.TrueAsync(() => ApiServer.Requests.Count(r => r.Method == "GET") >= 3, "the member retried reading its pod", Soon);
        Assert.False(starting.IsCompleted);

        ApiServer.Fault = ApiFault.None;
        await using var a = await starting;

        Assert.Equal(a.Cluster.System.Id, TestPods.Label(ApiServer.Pods.Get(TestPods.Namespace, "edrs-member-a"), "cluster.proto.actor/member-id"));
        Assert.Single(a.Cluster.MemberList.GetAllMembers());
    }

    [Fact]
    public async Task A_member_that_cannot_label_its_pod_in_time_fails_to_start_naming_the_setting()
    {
        ApiServer.Fault = ApiFault.ServerError;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            StartPodAsync("edrs-member-a", new Dictionary<string, string?>
            {
                ["Cluster:Kubernetes:RequestTimeout"] = "00:00:00.500",
                ["Cluster:Kubernetes:RegistrationTimeout"] = "00:00:01",
                ["Cluster:Kubernetes:RetryDelayMin"] = "00:00:00.100",
            }));

        Assert.Contains("Cluster__Kubernetes__RegistrationTimeout", error.Message, StringComparison.Ordinal);
        Assert.Null(TestPods.Label(ApiServer.Pods.Get(TestPods.Namespace, "edrs-member-a"), "cluster.proto.actor/cluster"));
    }

    [Fact]
    public async Task A_member_configured_for_Kubernetes_without_its_pod_name_refuses_to_start_naming_the_variable()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            StartPodAsync(podName: "", new Dictionary<string, string?>
            {
                ["Cluster:Kubernetes:PodName"] = null,
            }));

        Assert.Contains("Cluster__Kubernetes__PodName", error.Message, StringComparison.Ordinal);
    }
}
