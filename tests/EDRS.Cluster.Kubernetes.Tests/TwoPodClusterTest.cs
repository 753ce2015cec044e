using EDRS.Cluster.Kubernetes.Tests.FakeKubernetesApi;
using EDRS.Testing;
using EDRS.Testing.Cluster;

namespace EDRS.Cluster.Kubernetes.Tests;

/// <summary>
/// Tests of real members in two pods of a Deployment (scheduled, running, started and ready on the Kubernetes API double)
/// with a database of their own.
/// </summary>
public abstract class TwoPodClusterTest(string databaseName) : IAsyncLifetime
{
    protected TestDatabase Database { get; private set; } = null!;

    protected FakeKubernetesApiServer ApiServer { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync(databaseName);
        ApiServer = await FakeKubernetesApiServer.StartAsync();
        ApiServer.Pods.Create(TestPods.Namespace, TestPods.Pod("edrs-member-a"));
        ApiServer.Pods.Create(TestPods.Namespace, TestPods.Pod("edrs-member-b"));
    }

    public async Task DisposeAsync()
    {
        await ApiServer.DisposeAsync();
        await Database.DisposeAsync();
    }

    /// <summary>Starts the member of pod <paramref name="podName"/>, configured as the chart configures it.</summary>
    protected Task<TestMember> StartPodAsync(string podName, IReadOnlyDictionary<string, string?>? settings = null) =>
        TestMember.StartAsync(PodMemberSpec.For(ApiServer, Database.ConnectionString, podName, settings));
}
