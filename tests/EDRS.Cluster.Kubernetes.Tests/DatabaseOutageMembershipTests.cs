using System.Diagnostics;
using EDRS.Cluster.Kubernetes.Tests.FakeKubernetesApi;
using EDRS.Testing;
using EDRS.Testing.Cluster;
using EDRS.Testing.Grains;
using Grpc.Core;

namespace EDRS.Cluster.Kubernetes.Tests;

/// <summary>
/// PostgreSQL unreachable for longer than the chart's readiness threshold, with the test playing the kubelet (the chart's
/// probe timings against the members' real health endpoints): every pod turns not ready, as it should (no traffic while
/// the journal is down), but the cluster keeps every member, because membership follows the containers' <c>started</c>
/// (the startup probe) and not readiness. When the database returns, work resumes on the same members.
/// </summary>
public sealed class DatabaseOutageMembershipTests : IAsyncLifetime
{
    private static readonly ProbeTimings Startup = ProbeTimings.ChartStartup;
    private static readonly ProbeTimings Readiness = ProbeTimings.ChartReadiness;

    /// <summary>Long enough for the probes to run their course on a busy machine: start-up, then a readiness verdict.</summary>
    private static readonly TimeSpan ProbesSettle = Readiness.InitialDelay + Readiness.Threshold * 3;

    private TestDatabase _database = null!;
    private FakeKubernetesApiServer _api = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("k8soutage");
        _api = await FakeKubernetesApiServer.StartAsync();
        // Scheduled and running; the kubelet (the test) reports started and ready as the probes conclude.
        _api.Pods.Create(TestPods.Namespace, TestPods.Pod("edrs-member-a", ready: false, started: false));
        _api.Pods.Create(TestPods.Namespace, TestPods.Pod("edrs-member-b", ready: false, started: false));
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _database.AcceptConnectionsAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_database_outage_longer_than_the_readiness_threshold_keeps_every_member_and_work_resumes_on_them_after_it()
    {
        await using var a = await StartPodAsync("edrs-member-a");
        await using var kubeletA = new ProbingKubelet(_api.Pods, "edrs-member-a", a.Http, Startup, Readiness);
        await using var b = await StartPodAsync("edrs-member-b");
        await using var kubeletB = new ProbingKubelet(_api.Pods, "edrs-member-b", b.Http, Startup, Readiness);
        string State() =>
            $"A started={kubeletA.Started} ready={kubeletA.Ready} {MembershipWatch.Describe(a)}; " +
            $"B started={kubeletB.Started} ready={kubeletB.Ready} {MembershipWatch.Describe(b)}";
        await AwaitAsync(() => kubeletA.Ready && kubeletB.Ready && MembershipWatch.Ids(a).Length == 2 && MembershipWatch.Ids(b).Length == 2,
            "both pods ready and both members in the cluster", State);
        string[] members = [a.Cluster.System.Id, b.Cluster.System.Id];
        var personaId = await a.HireOnAsync(b);

        var outage = Stopwatch.StartNew();
        await using (var watch = new MembershipWatch([a, b], members))
        {
            await _database.RefuseConnectionsAsync();
            await AwaitAsync(() => kubeletA.TurnedNotReady > 0 && kubeletB.TurnedNotReady > 0, "the outage turned both pods not ready", State);
            // Past failureThreshold × periodSeconds, and on for a while after both pods turned not ready: long enough for
            // a membership drop (watch event, topology update, block) to show.
            var rest = Readiness.Threshold + Readiness.Period - outage.Elapsed;
            await Task.Delay(rest > TimeSpan.FromSeconds(5) ? rest : TimeSpan.FromSeconds(5));
            Assert.False(kubeletA.Ready || kubeletB.Ready, "a pod turned ready while PostgreSQL was down");
            await _database.AcceptConnectionsAsync();
            var downFor = outage.Elapsed;

            // Work resumes: a persona on B, through A, with one request id however often the first tries fail.
            var write = Personas.Remember(personaId, "gina", "prefers Slack to email");
            await Eventually.TrueAsync(async () =>
            {
                try
                {
                    await a.Persona(personaId).RememberFactAsync(write);
                    return true;
                }
                catch (RpcException)
                {
                    return false;
                }
            }, "a write through A to the persona on B after the database returned", ProbesSettle, TimeSpan.FromMilliseconds(500));
            await AwaitAsync(() => kubeletA.Ready && kubeletB.Ready, "both pods ready again", State);

            Assert.True(downFor > Readiness.Threshold, $"the outage lasted {downFor}, not longer than the readiness threshold {Readiness.Threshold}");
            Assert.True(watch.Deviations.Count == 0,
                $"Membership changed during the outage ({watch.Deviations.Count} samples), e.g.:\n{string.Join("\n", watch.Deviations.Take(5))}");
        }

        Assert.Equal(members.Order(StringComparer.Ordinal), MembershipWatch.Ids(a));
        Assert.Equal(members.Order(StringComparer.Ordinal), MembershipWatch.Ids(b));
        var person = await b.Persona(personaId).GetPersonAsync(new EDRS.Grains.Contracts.Personas.GetPersonRequest { PersonaId = personaId, PersonId = "gina" });
        Assert.Contains(person.Facts, f => f.Text == "prefers Slack to email");
    }

    /// <summary>Waits for what the probes conclude; a timeout says what the kubelet and the members saw.</summary>
    private static async Task AwaitAsync(Func<bool> condition, string what, Func<string> state)
    {
        try
        {
            await Eventually.TrueAsync(condition, what, ProbesSettle);
        }
        catch (TimeoutException late)
        {
            throw new TimeoutException($"{late.Message} {state()}", late);
        }
    }

    // A heartbeat expiration of 10 s rather than the tests' short one: two members in one test process that also serves
    // HTTP and runs two probing kubelets can miss each other's heartbeats for 2 s on a busy machine, and then each blocks
    // the other for good (Proto.Cluster's rule; GuardedHeartbeatExpirationTests cover our guard of it). This test is about
    // readiness versus membership, and a heartbeat block would hide what it checks.
    private Task<TestMember> StartPodAsync(string podName) =>
        TestMember.StartAsync(PodMemberSpec.For(_api, _database.ConnectionString, podName, servesHttp: true) with { HeartbeatExpiration = TimeSpan.FromSeconds(10) });
}
