using System.Globalization;
using System.Text.Json.Nodes;

namespace EDRS.Cluster.Kubernetes.Tests.FakeKubernetesApi;

/// <summary>
/// Pods as the API returns them, built from the Pod reference of the Kubernetes API. The label and annotation names
/// are written out here (not taken from the production constants) so the tests check the contract itself.
/// </summary>
public static class TestPods
{
    public const string Namespace = "edrs-test";

    /// <summary>A pod as its ReplicaSet creates it, before any member has labelled it.</summary>
    public static JsonObject Pod(string name, string? ip = "127.0.0.1", string phase = "Running", bool ready = true)
    {
        var status = new JsonObject { ["phase"] = phase };
        if (ip is not null)
        {
            status["podIP"] = ip;
            status["podIPs"] = new JsonArray(new JsonObject { ["ip"] = ip });
        }

        if (phase == "Running")
            status["containerStatuses"] = new JsonArray(ContainerStatus("member", ready));
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["labels"] = new JsonObject { ["app.kubernetes.io/name"] = "edrs", ["pod-template-hash"] = "7d9f8c6b5" },
            },
            ["spec"] = new JsonObject
            {
                ["containers"] = new JsonArray(new JsonObject { ["name"] = "member", ["image"] = "edrs-member:test" }),
            },
            ["status"] = status,
        };
    }

    /// <summary>A pod that a member of <paramref name="cluster"/> has already labelled.</summary>
    public static JsonObject Member(
        string name, string memberId, int port, string cluster = "edrs", string kinds = "persona", bool ready = true,
        string ip = "127.0.0.1", string? hostLabel = null)
    {
        var pod = Pod(name, ip, ready: ready);
        var labels = (JsonObject)pod["metadata"]!["labels"]!;
        labels["cluster.proto.actor/cluster"] = cluster;
        labels["cluster.proto.actor/port"] = port.ToString(CultureInfo.InvariantCulture);
        labels["cluster.proto.actor/member-id"] = memberId;
        if (hostLabel is not null)
            labels["cluster.proto.actor/host"] = hostLabel;
        pod["metadata"]!["annotations"] = new JsonObject { ["cluster.proto.actor/kinds"] = kinds };
        return pod;
    }

    /// <summary>The kubelet's view of readiness changing.</summary>
    public static JsonObject WithReady(JsonObject pod, bool ready)
    {
        pod["status"]!["containerStatuses"] = new JsonArray(ContainerStatus("member", ready));
        return pod;
    }

    /// <summary>A label edit, as <c>kubectl label pod NAME key-</c> or the member's own deregistration does.</summary>
    public static JsonObject WithoutLabel(JsonObject pod, string key)
    {
        ((JsonObject)pod["metadata"]!["labels"]!).Remove(key);
        return pod;
    }

    public static string? Label(JsonObject? pod, string key) => pod?["metadata"]?["labels"]?[key]?.GetValue<string>();

    public static string? Annotation(JsonObject? pod, string key) => pod?["metadata"]?["annotations"]?[key]?.GetValue<string>();

    private static JsonObject ContainerStatus(string name, bool ready) => new()
    {
        ["name"] = name,
        ["ready"] = ready,
        ["started"] = true,
        ["restartCount"] = 0,
        ["image"] = "edrs-member:test",
        ["imageID"] = "docker-pullable://edrs-member@sha256:0",
        ["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = "2026-01-01T00:00:00Z" } },
    };
}
