using EDRS.Cluster.Kubernetes.Tests.FakeKubernetesApi;
using EDRS.Hosting.Cluster;
using EDRS.Testing.Cluster;

namespace EDRS.Cluster.Kubernetes.Tests;

/// <summary>
/// A member configured as the chart configures a pod: the Kubernetes provider with the pod's name and namespace, the
/// API server's address pointing at the double instead of the in-cluster one, timings shortened for tests.
/// </summary>
public static class PodMemberSpec
{
    public static MemberSpec For(FakeKubernetesApiServer api, string journal, string podName,
        IReadOnlyDictionary<string, string?>? settings = null, bool servesHttp = false)
    {
        var all = new Dictionary<string, string?>
        {
            ["Cluster:Kubernetes:ApiServer"] = api.Url,
            ["Cluster:Kubernetes:PodName"] = podName,
            ["Cluster:Kubernetes:Namespace"] = TestPods.Namespace,
            ["Cluster:Kubernetes:ResyncInterval"] = "00:00:05",
            ["Cluster:Kubernetes:RequestTimeout"] = "00:00:02",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            all[key] = value;
        return new MemberSpec
        {
            Journal = journal,
            Provider = ClusterProviderKind.Kubernetes,
            ClusterName = "edrs",
            ServesHttp = servesHttp,
            Settings = all,
        };
    }
}
