namespace EDRS.Chart.Tests;

/// <summary>
/// The chart through the real helm (lint, template), and the deployment rules checked on the rendered manifests for
/// the default values and for values-production.yaml.
/// </summary>
public sealed class HelmChartTests
{
    public static TheoryData<string?> ValuesFiles => new() { null, "values-production.yaml" };

    [Theory]
    [MemberData(nameof(ValuesFiles))]
    public async Task The_chart_passes_helm_lint_strict(string? valuesFile)
    {
        var (exitCode, output) = await Helm.RunAsync(["lint", "--strict", Helm.ChartPath, .. Helm.ValuesArguments(valuesFile)]);

        Assert.True(exitCode == 0, output);
        Assert.Contains("0 chart(s) failed", output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ValuesFiles))]
    public async Task Helm_template_renders_the_cluster_deployments_services_rbac_budgets_autoscalers_and_migration_hook(string? valuesFile)
    {
        var manifests = await RenderAsync(valuesFile);
        var inference = valuesFile is not null;

        string[] components = inference ? ["gateway", "inference", "member"] : ["gateway", "member"];
        Assert.Equal(components, Of(manifests, "Deployment").Select(d => d.Component).Order());
        Assert.Equal(components, Of(manifests, "PodDisruptionBudget").Select(d => d.Component).Order());
        Assert.All(Of(manifests, "PodDisruptionBudget"), pdb => Assert.Equal("1", pdb.At<string>("spec.minAvailable")));

        var hpas = Of(manifests, "HorizontalPodAutoscaler").ToDictionary(h => h.Component!);
        Assert.Equal(components, hpas.Keys.Order());
        AssertHpa(hpas["gateway"], "2", "10", "60");
        AssertHpa(hpas["member"], inference ? "3" : "2", "10", "75");
        if (inference)
            AssertHpa(hpas["inference"], "1", "5", "70");
        Assert.All(Of(manifests, "Deployment"), d => Assert.Null(d.At<string>("spec.replicas")));

        var headless = Assert.Single(Of(manifests, "Service"), s => s.At<string>("spec.clusterIP") == "None");
        Assert.Equal("true", headless.At<string>("spec.publishNotReadyAddresses"));
        var gateway = Assert.Single(Of(manifests, "Service"), s => s.Component == "gateway");
        Assert.Equal(["grpc", "http"], PortNames(gateway));
        var metrics = Assert.Single(Of(manifests, "Service"), s => s.Component == "metrics");
        Assert.Equal("8081", Maps(metrics.At<List<object?>>("spec.ports")).Single()["port"]);

        Assert.Single(Of(manifests, "ServiceAccount"));
        Assert.Single(Of(manifests, "Role"));
        Assert.Single(Of(manifests, "RoleBinding"));
        Assert.Single(Of(manifests, "ConfigMap"));
        Assert.Equal(inference ? 1 : 0, Of(manifests, "Ingress").Count());

        var job = Assert.Single(Of(manifests, "Job"));
        Assert.Equal("pre-install,pre-upgrade", job.At<string>("metadata.annotations[helm.sh/hook]"));
        Assert.Equal(["migrate"], Containers(job).Single().GetValueOrDefault("args") as List<object?>);
    }

    [Theory]
    [MemberData(nameof(ValuesFiles))]
    public async Task Cluster_pods_request_CPU_but_have_no_CPU_limit_and_have_memory_requests_and_limits(string? valuesFile)
    {
        var manifests = await RenderAsync(valuesFile);

        foreach (var deployment in Of(manifests, "Deployment"))
        {
            foreach (var container in Containers(deployment))
            {
                var what = $"{deployment.Name}/{container["name"]}";
                Assert.False(string.IsNullOrEmpty(Manifest.At<string>(container, "resources.requests.cpu")), $"{what} has no CPU request");
                Assert.Null(Manifest.At<object>(container, "resources.limits.cpu"));
                Assert.False(string.IsNullOrEmpty(Manifest.At<string>(container, "resources.requests.memory")), $"{what} has no memory request");
                Assert.False(string.IsNullOrEmpty(Manifest.At<string>(container, "resources.limits.memory")), $"{what} has no memory limit");
            }
        }
    }

    [Theory]
    [MemberData(nameof(ValuesFiles))]
    public async Task Every_pod_runs_as_uid_1000_non_root_on_a_read_only_root_with_no_capabilities(string? valuesFile)
    {
        var manifests = await RenderAsync(valuesFile);
        var workloads = Of(manifests, "Deployment").Concat(Of(manifests, "Job")).ToList();
        Assert.NotEmpty(workloads);

        foreach (var workload in workloads)
        {
            var pod = workload.At<Dictionary<string, object?>>("spec.template.spec")!;
            Assert.Equal("1000", Manifest.At<string>(pod, "securityContext.runAsUser"));
            Assert.Equal("1000", Manifest.At<string>(pod, "securityContext.runAsGroup"));
            Assert.Equal("1000", Manifest.At<string>(pod, "securityContext.fsGroup"));
            Assert.Equal("true", Manifest.At<string>(pod, "securityContext.runAsNonRoot"));
            Assert.Equal("RuntimeDefault", Manifest.At<string>(pod, "securityContext.seccompProfile.type"));
            foreach (var container in Containers(workload))
            {
                Assert.Equal("true", Manifest.At<string>(container, "securityContext.readOnlyRootFilesystem"));
                Assert.Equal("false", Manifest.At<string>(container, "securityContext.allowPrivilegeEscalation"));
                Assert.Equal("true", Manifest.At<string>(container, "securityContext.runAsNonRoot"));
                Assert.Equal(["ALL"], Manifest.At<List<object?>>(container, "securityContext.capabilities.drop"));
            }

            // The only writable storage: emptyDirs with a size limit, /tmp among them.
            var volumes = Maps(Manifest.At<List<object?>>(pod, "volumes"));
            Assert.Contains(volumes, v => (string?)v["name"] == "tmp");
            Assert.All(volumes, v => Assert.False(string.IsNullOrEmpty(Manifest.At<string>(v, "emptyDir.sizeLimit"))));
        }
    }

    [Theory]
    [MemberData(nameof(ValuesFiles))]
    public async Task Only_inference_pods_carry_the_GPU_node_selector_toleration_and_GPU_resources(string? valuesFile)
    {
        var manifests = await RenderAsync(valuesFile);
        var gpuPods = new List<string>();

        foreach (var workload in Of(manifests, "Deployment").Concat(Of(manifests, "Job")))
        {
            var pod = workload.At<Dictionary<string, object?>>("spec.template.spec")!;
            var selector = Manifest.At<string>(pod, "nodeSelector.role") == "ml-inference";
            var toleration = Maps(Manifest.At<List<object?>>(pod, "tolerations")).Any(t =>
                (string?)t["key"] == "ml-gpu" && (string?)t["value"] == "true" && (string?)t["effect"] == "NoSchedule");
            var gpu = Containers(workload).Any(c =>
                Manifest.At<Dictionary<string, object?>>(c, "resources.limits")?.ContainsKey("nvidia.com/gpu") == true);
            if (workload.Component == "inference")
            {
                Assert.True(selector && toleration && gpu, $"{workload.Name} lacks the GPU selector, toleration or nvidia.com/gpu");
                gpuPods.Add(workload.Name);
            }
            else
            {
                Assert.False(selector || toleration || gpu, $"{workload.Name} is not inference but asks for the GPU pool");
            }
        }

        Assert.Equal(valuesFile is null ? 0 : 1, gpuPods.Count);
    }

    [Theory]
    [MemberData(nameof(ValuesFiles))]
    public async Task The_provider_may_get_list_watch_and_patch_pods_and_nothing_else_through_the_pods_service_account(string? valuesFile)
    {
        var manifests = await RenderAsync(valuesFile);

        var role = Assert.Single(Of(manifests, "Role"));
        var rule = Assert.Single(Maps(role.At<List<object?>>("rules")));
        Assert.Equal([""], (List<object?>)rule["apiGroups"]!);
        Assert.Equal(["pods"], (List<object?>)rule["resources"]!);
        Assert.Equal(["get", "list", "patch", "watch"], ((List<object?>)rule["verbs"]!).Cast<string>().Order());

        var binding = Assert.Single(Of(manifests, "RoleBinding"));
        Assert.Equal(role.Name, binding.At<string>("roleRef.name"));
        var subject = Assert.Single(Maps(binding.At<List<object?>>("subjects")));
        var account = Assert.Single(Of(manifests, "ServiceAccount")).Name;
        Assert.Equal(account, subject["name"]);
        Assert.All(Of(manifests, "Deployment"), d =>
        {
            Assert.Equal(account, d.At<string>("spec.template.spec.serviceAccountName"));
            Assert.Equal("true", d.At<string>("spec.template.spec.automountServiceAccountToken"));
        });
        // The migration hook runs before the account exists and needs no API access.
        Assert.Equal("false", Assert.Single(Of(manifests, "Job")).At<string>("spec.template.spec.automountServiceAccountToken"));
    }

    [Theory]
    [MemberData(nameof(ValuesFiles))]
    public async Task Every_cluster_pod_learns_its_name_namespace_and_IP_from_the_downward_API_and_uses_the_Kubernetes_provider(string? valuesFile)
    {
        var manifests = await RenderAsync(valuesFile);
        var config = Assert.Single(Of(manifests, "ConfigMap"));
        Assert.Equal("Kubernetes", config.At<string>("data.Cluster__Provider"));
        Assert.Equal("4020", config.At<string>("data.Cluster__Port"));

        foreach (var deployment in Of(manifests, "Deployment"))
        {
            var env = Maps(Containers(deployment).Single()["env"] as List<object?>).ToDictionary(e => (string)e["name"]!);
            Assert.Equal("metadata.name", Manifest.At<string>(env["Cluster__Kubernetes__PodName"], "valueFrom.fieldRef.fieldPath"));
            Assert.Equal("metadata.namespace", Manifest.At<string>(env["Cluster__Kubernetes__Namespace"], "valueFrom.fieldRef.fieldPath"));
            Assert.Equal("status.podIP", Manifest.At<string>(env["Cluster__AdvertisedHost"], "valueFrom.fieldRef.fieldPath"));
            Assert.Equal("edrs-postgresql", Manifest.At<string>(env["Journal__ConnectionString"], "valueFrom.secretKeyRef.name"));
            Assert.False(string.IsNullOrEmpty(deployment.At<string>("spec.template.metadata.annotations[checksum/config]")));
            // Only the gateway issues and checks tokens: it alone reads the signing key.
            Assert.Equal(deployment.Component == "gateway", env.ContainsKey("Auth__SigningKey"));
        }
    }

    [Theory]
    [MemberData(nameof(ValuesFiles))]
    public async Task Probes_use_the_health_endpoints_with_the_seeds_timings(string? valuesFile)
    {
        var manifests = await RenderAsync(valuesFile);

        foreach (var container in Of(manifests, "Deployment").SelectMany(Containers))
        {
            AssertProbe(container, "livenessProbe", "/health/liveness", initialDelay: "30", period: "15", timeout: "5", success: "1", failure: "3");
            AssertProbe(container, "readinessProbe", "/health/readiness", initialDelay: "15", period: "10", timeout: "3", success: "1", failure: "3");
            AssertProbe(container, "startupProbe", "/health/startup", initialDelay: "5", period: "5", timeout: "3", success: "1", failure: "12");
            Assert.Contains(Maps(container["ports"] as List<object?>), p => (string?)p["name"] == "metrics" && (string?)p["containerPort"] == "8081");
        }
    }

    [Theory]
    [MemberData(nameof(ValuesFiles))]
    public async Task Network_policies_deny_by_default_and_open_only_remoting_gateway_metrics_and_the_needed_egress(string? valuesFile)
    {
        var manifests = await RenderAsync(valuesFile);
        var policies = Of(manifests, "NetworkPolicy").ToList();
        Assert.NotEmpty(policies);

        var deny = Assert.Single(policies, p => p.At<object>("spec.ingress") is null && p.At<object>("spec.egress") is null);
        Assert.Equal(["Egress", "Ingress"], deny.At<List<object?>>("spec.policyTypes")!.Cast<string>().Order());
        Assert.Equal(Helm.Release, deny.At<string>("spec.podSelector.matchLabels[app.kubernetes.io/instance]"));

        // Ingress: remoting among cluster pods, REST/gRPC to gateways only, metrics scraping; nothing else.
        var ingressPorts = policies
            .SelectMany(p => Maps(p.At<List<object?>>("spec.ingress")).Select(rule => (Policy: p, Rule: rule)))
            .SelectMany(x => Maps(x.Rule["ports"] as List<object?>).Select(port => (x.Policy, Port: (string)port["port"]!)))
            .ToList();
        Assert.Equal(["4020", "8080", "8081", "8082"], ingressPorts.Select(x => x.Port).Distinct().Order());
        Assert.All(ingressPorts.Where(x => x.Port is "8080" or "8082"), x =>
            Assert.Equal("gateway", x.Policy.At<string>("spec.podSelector.matchLabels[app.kubernetes.io/component]")));
        var remoting = Assert.Single(policies, p => ingressPorts.Any(x => x.Policy == p && x.Port == "4020"));
        Assert.Equal("true", remoting.At<string>("spec.podSelector.matchLabels[edrs/cluster-member]"));
        Assert.Contains(Maps(remoting.At<List<object?>>("spec.egress")), rule => Maps(rule["ports"] as List<object?>).Any(p => (string?)p["port"] == "4020"));

        // Egress: DNS, PostgreSQL, the Kubernetes API.
        var egressPorts = policies
            .SelectMany(p => Maps(p.At<List<object?>>("spec.egress")))
            .SelectMany(rule => Maps(rule["ports"] as List<object?>).Select(port => (string)port["port"]!))
            .ToHashSet();
        Assert.Superset(new HashSet<string> { "53", "5432", "443", "6443", "4020" }, egressPorts);
    }

    private static async Task<List<Manifest>> RenderAsync(string? valuesFile) => Manifest.ParseAll(await Helm.TemplateAsync(valuesFile));

    private static IEnumerable<Manifest> Of(List<Manifest> manifests, string kind) => manifests.Where(m => m.Kind == kind);

    private static List<Dictionary<string, object?>> Containers(Manifest workload) =>
        Maps(workload.At<List<object?>>("spec.template.spec.containers"));

    private static List<Dictionary<string, object?>> Maps(List<object?>? list) =>
        list?.OfType<Dictionary<string, object?>>().ToList() ?? [];

    private static List<string> PortNames(Manifest service) =>
        Maps(service.At<List<object?>>("spec.ports")).Select(p => (string)p["name"]!).Order().ToList();

    private static void AssertHpa(Manifest hpa, string min, string max, string cpu)
    {
        Assert.Equal(min, hpa.At<string>("spec.minReplicas"));
        Assert.Equal(max, hpa.At<string>("spec.maxReplicas"));
        var metric = Assert.Single(Maps(hpa.At<List<object?>>("spec.metrics")));
        Assert.Equal("cpu", Manifest.At<string>(metric, "resource.name"));
        Assert.Equal(cpu, Manifest.At<string>(metric, "resource.target.averageUtilization"));
    }

    private static void AssertProbe(
        Dictionary<string, object?> container, string probe, string path, string initialDelay, string period, string timeout, string success, string failure)
    {
        var what = $"{container["name"]} {probe}";
        Assert.True(container.ContainsKey(probe), $"{what} is missing");
        Assert.Equal(path, Manifest.At<string>(container, $"{probe}.httpGet.path"));
        Assert.Equal("http", Manifest.At<string>(container, $"{probe}.httpGet.port"));
        Assert.Equal(
            (initialDelay, period, timeout, success, failure),
            (Manifest.At<string>(container, $"{probe}.initialDelaySeconds"), Manifest.At<string>(container, $"{probe}.periodSeconds"),
                Manifest.At<string>(container, $"{probe}.timeoutSeconds"), Manifest.At<string>(container, $"{probe}.successThreshold"),
                Manifest.At<string>(container, $"{probe}.failureThreshold")));
    }
}
