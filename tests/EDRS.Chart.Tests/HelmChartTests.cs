namespace EDRS.Chart.Tests;

/// <summary>
/// The chart through the real helm (lint, template), and the deployment rules checked on the rendered manifests for
/// the minimal values (the defaults plus what a release must name: ci/minimal-values.yaml) and for
/// values-production.yaml, and for the settings each rule is about.
/// </summary>
public sealed class HelmChartTests
{
    private const string Minimal = "ci/minimal-values.yaml";
    private const string Production = "values-production.yaml";
    private const string KubernetesGateway = "gateway.clusterJoin=kubernetes";

    public static TheoryData<string?> ValuesFiles => new() { Minimal, Production };

    [Fact]
    public async Task The_defaults_alone_are_refused_naming_the_cluster_certificate_and_the_API_server_address()
    {
        var output = await Helm.TemplateFailureAsync(null);

        Assert.Contains("cluster.tls.enabled is true but no certificate is given: set cluster.tls.existingSecret", output, StringComparison.Ordinal);
        Assert.Contains("networkPolicy.kubernetesApiTo is empty", output, StringComparison.Ordinal);
    }

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
        var inference = valuesFile == Production;

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

        // Two headless Services: discovery of the cluster pods, and the members the relay gateway asks for the topology.
        var headless = Of(manifests, "Service").Where(s => s.At<string>("spec.clusterIP") == "None").ToList();
        Assert.Equal(["edrs-headless", "edrs-relay"], headless.Select(s => s.Name).Order());
        Assert.All(headless, s => Assert.Equal("true", s.At<string>("spec.publishNotReadyAddresses")));
        var gateway = Assert.Single(Of(manifests, "Service"), s => s.Component == "gateway");
        Assert.Equal(["grpc", "http"], PortNames(gateway));
        var metrics = Assert.Single(Of(manifests, "Service"), s => s.Component == "metrics");
        Assert.Equal("8081", Maps(metrics.At<List<object?>>("spec.ports")).Single()["port"]);

        Assert.Equal(["edrs", "edrs-gateway"], Of(manifests, "ServiceAccount").Select(a => a.Name).Order());
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

            // The only writable storage: emptyDirs with a size limit, /tmp among them; anything else (the cluster
            // certificate) is a Secret mounted read-only.
            var volumes = Maps(Manifest.At<List<object?>>(pod, "volumes"));
            Assert.Contains(volumes, v => (string?)v["name"] == "tmp");
            var mounts = Containers(workload).SelectMany(c => Maps(c.GetValueOrDefault("volumeMounts") as List<object?>)).ToList();
            foreach (var volume in volumes)
            {
                if (volume.ContainsKey("emptyDir"))
                {
                    Assert.False(string.IsNullOrEmpty(Manifest.At<string>(volume, "emptyDir.sizeLimit")));
                    continue;
                }

                Assert.True(volume.ContainsKey("secret"), $"{workload.Name} volume {volume["name"]} is neither an emptyDir nor a Secret");
                Assert.All(mounts.Where(m => (string?)m["name"] == (string?)volume["name"]), m => Assert.Equal("true", m["readOnly"]));
            }
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

        Assert.Equal(valuesFile == Production ? 1 : 0, gpuPods.Count);
    }

    [Theory]
    [MemberData(nameof(ValuesFiles))]
    public async Task The_providers_Role_grants_get_list_watch_and_patch_on_pods_in_the_namespace_and_nothing_else(string? valuesFile)
    {
        var manifests = await RenderAsync(valuesFile);

        // What hosts/EDRS.Hosting/Cluster/Kubernetes calls: ReadNamespacedPod, ListNamespacedPod, WatchListNamespacedPod,
        // PatchNamespacedPod. No other resource, subresource, verb or wildcard, and nothing cluster-wide.
        Assert.Empty(Of(manifests, "ClusterRole"));
        Assert.Empty(Of(manifests, "ClusterRoleBinding"));
        var role = Assert.Single(Of(manifests, "Role"));
        var rule = Assert.Single(Maps(role.At<List<object?>>("rules")));
        Assert.Equal(["apiGroups", "resources", "verbs"], rule.Keys.Order());
        Assert.Equal([""], (List<object?>)rule["apiGroups"]!);
        Assert.Equal(["pods"], (List<object?>)rule["resources"]!);
        Assert.Equal(["get", "list", "patch", "watch"], ((List<object?>)rule["verbs"]!).Cast<string>().Order());

        // Members and inference pods run the provider under its account, with the token mounted.
        var binding = Assert.Single(Of(manifests, "RoleBinding"));
        Assert.Equal(role.Name, binding.At<string>("roleRef.name"));
        Assert.Contains("edrs", Subjects(binding));
        Assert.All(Of(manifests, "Deployment").Where(d => d.Component != "gateway"), d =>
        {
            Assert.Equal("edrs", d.At<string>("spec.template.spec.serviceAccountName"));
            Assert.Equal("true", d.At<string>("spec.template.spec.automountServiceAccountToken"));
        });
        // Accounts never hand out tokens by themselves; the migration hook runs before they exist and needs no API access.
        Assert.All(Of(manifests, "ServiceAccount"), a => Assert.Equal("false", a.At<string>("automountServiceAccountToken")));
        Assert.Equal("false", Assert.Single(Of(manifests, "Job")).At<string>("spec.template.spec.automountServiceAccountToken"));
    }

    [Theory]
    [MemberData(nameof(ValuesFiles))]
    public async Task The_gateway_runs_under_its_own_service_account_bound_to_the_provider_Role_only_when_set_to_join_as_a_Kubernetes_provider_member(string? valuesFile)
    {
        var manifests = await RenderAsync(valuesFile, "--set", KubernetesGateway);

        var gateway = Assert.Single(Of(manifests, "Deployment"), d => d.Component == "gateway");
        Assert.Equal("edrs-gateway", gateway.At<string>("spec.template.spec.serviceAccountName"));
        Assert.Contains(Of(manifests, "ServiceAccount"), a => a.Name == "edrs-gateway" && a.Component == "gateway");
        // gateway.clusterJoin=kubernetes (opt-in): it labels its own pod, so it holds a token.
        Assert.Equal("true", gateway.At<string>("spec.template.spec.automountServiceAccountToken"));
        Assert.Equal(["edrs", "edrs-gateway"], Subjects(Assert.Single(Of(manifests, "RoleBinding"))).Order());
        Assert.Equal("true", gateway.At<string>("spec.template.metadata.labels[edrs/kubernetes-api]"));
    }

    [Theory]
    [MemberData(nameof(ValuesFiles))]
    public async Task By_default_the_gateway_holds_no_token_has_no_Role_binding_and_no_API_server_egress(string? valuesFile)
    {
        var manifests = await RenderAsync(valuesFile);

        var gateway = Assert.Single(Of(manifests, "Deployment"), d => d.Component == "gateway");
        var pod = gateway.At<Dictionary<string, object?>>("spec.template.spec")!;
        Assert.Equal("edrs-gateway", pod["serviceAccountName"]);
        Assert.Equal("false", pod["automountServiceAccountToken"]);
        Assert.DoesNotContain(Maps(pod["volumes"] as List<object?>), v => v.ContainsKey("projected"));
        Assert.DoesNotContain("edrs-gateway", Subjects(Assert.Single(Of(manifests, "RoleBinding"))));
        Assert.Equal(["edrs"], Subjects(Assert.Single(Of(manifests, "RoleBinding"))));

        // The gateway is a Proto.Cluster client fed by the members through the relay Service.
        var env = Env(gateway);
        Assert.Equal("Relay", env["Cluster__Provider"]["value"]);
        Assert.Equal("edrs-relay.edrs.svc:4020", env["Cluster__RelayAddress"]["value"]);
        // Webhook deliveries go out from the members, not from the internet-facing gateway.
        Assert.Equal("false", env["Webhooks__Deliver"]["value"]);
        Assert.DoesNotContain("Webhooks__Deliver", Env(Assert.Single(Of(manifests, "Deployment"), d => d.Component == "member")).Keys);
        var relay = Assert.Single(Of(manifests, "Service"), s => s.Name == "edrs-relay");
        Assert.Equal("None", relay.At<string>("spec.clusterIP"));
        Assert.Equal("member", relay.At<string>("spec.selector[app.kubernetes.io/component]"));
        Assert.Equal("4020", Maps(relay.At<List<object?>>("spec.ports")).Single()["port"]);

        // API-server egress selects only pods labelled for it, and the gateway is not one of them; members still are.
        var apiPolicy = Assert.Single(Of(manifests, "NetworkPolicy"), p => p.Name == "edrs-kubernetes-api");
        Assert.Equal("true", apiPolicy.At<string>("spec.podSelector.matchLabels[edrs/kubernetes-api]"));
        Assert.Null(gateway.At<string>("spec.template.metadata.labels[edrs/kubernetes-api]"));
        Assert.All(Of(manifests, "Deployment").Where(d => d.Component != "gateway"), d =>
        {
            Assert.Equal("true", d.At<string>("spec.template.metadata.labels[edrs/kubernetes-api]"));
            Assert.Equal("true", d.At<string>("spec.template.spec.automountServiceAccountToken"));
        });
    }

    [Theory]
    [InlineData("gateway.serviceAccount.name=edrs", "the internet-facing gateway must not run under the membership provider's account")]
    [InlineData("gateway.clusterJoin=seed", "gateway.clusterJoin must be kubernetes or relay (was 'seed')")]
    public async Task Helm_refuses_a_gateway_that_would_share_the_providers_account_or_join_in_an_unknown_way(string setting, string message)
    {
        var output = await Helm.TemplateFailureAsync(Minimal, "--set", setting);

        Assert.Contains(message, output, StringComparison.Ordinal);
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
    public async Task Membership_follows_the_startup_probe_while_readiness_only_gates_traffic_so_a_database_outage_keeps_the_cluster_and_its_metrics(string? valuesFile)
    {
        var manifests = await RenderAsync(valuesFile);

        // Every cluster pod has the startup probe the provider's membership signal (container `started`) stands on, and a
        // liveness probe on a path that checks no dependency; readiness (PostgreSQL included) is a path of its own.
        foreach (var container in Of(manifests, "Deployment").SelectMany(Containers))
        {
            Assert.Equal("/health/startup", Manifest.At<string>(container, "startupProbe.httpGet.path"));
            Assert.Equal("/health/liveness", Manifest.At<string>(container, "livenessProbe.httpGet.path"));
            Assert.Equal("/health/readiness", Manifest.At<string>(container, "readinessProbe.httpGet.path"));
        }

        // Who is in the cluster and who is scraped must not depend on readiness: both Services publish not-ready pods.
        var headless = Assert.Single(Of(manifests, "Service"), s => s.Name == "edrs-headless");
        Assert.Equal("true", headless.At<string>("spec.publishNotReadyAddresses"));
        var metrics = Assert.Single(Of(manifests, "Service"), s => s.Component == "metrics");
        Assert.Equal("true", metrics.At<string>("spec.publishNotReadyAddresses"));
        // Only the gateway Service routes by readiness.
        var gateway = Assert.Single(Of(manifests, "Service"), s => s.Name == "edrs-gateway");
        Assert.Null(gateway.At<string>("spec.publishNotReadyAddresses"));
    }

    [Theory]
    [InlineData("member")]
    [InlineData("gateway")]
    [InlineData("inference")]
    public async Task Helm_refuses_to_turn_off_the_startup_probe_that_membership_depends_on(string component)
    {
        var output = await Helm.TemplateFailureAsync(Minimal, "--set", $"{component}.startupProbe.enabled=false", "--set", "inference.enabled=true");

        Assert.Contains($"{component}.startupProbe.enabled is false: the Kubernetes membership provider admits a pod once its startup probe", output, StringComparison.Ordinal);
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

        // Egress: DNS, PostgreSQL, the Kubernetes API (443 and 6443 by default; production names 6443 only), remoting.
        var egressPorts = policies
            .SelectMany(p => Maps(p.At<List<object?>>("spec.egress")))
            .SelectMany(rule => Maps(rule["ports"] as List<object?>).Select(port => (string)port["port"]!))
            .ToHashSet();
        Assert.Superset(new HashSet<string> { "53", "5432", "6443", "4020" }, egressPorts);
    }

    public static TheoryData<string?, string[]> EgressVariants => new()
    {
        { Minimal, [] },
        { Production, [] },
        { Minimal, ["--set", KubernetesGateway] },
        {
            Minimal,
            [
                "--set", "telemetry.otlpEndpoint=http://collector.observability.svc:4317",
                "--set-json", """networkPolicy.otlpTo=[{"namespaceSelector":{"matchLabels":{"kubernetes.io/metadata.name":"observability"}}}]""",
                "--set", "gateway.auth.authority=https://login.example.com",
                "--set-json", """networkPolicy.authorityTo=[{"ipBlock":{"cidr":"198.51.100.0/24"}}]""",
                "--set-json", """networkPolicy.extraEgress=[{"to":[{"namespaceSelector":{"matchLabels":{"kubernetes.io/metadata.name":"pulsar"}}}],"ports":[{"port":6651,"protocol":"TCP"}]}]""",
            ]
        },
    };

    [Theory]
    [MemberData(nameof(EgressVariants))]
    public async Task Every_egress_rule_names_its_destinations(string? valuesFile, string[] settings)
    {
        var manifests = await RenderAsync(valuesFile, settings);
        var rules = Of(manifests, "NetworkPolicy")
            .SelectMany(p => Maps(p.At<List<object?>>("spec.egress")).Select(rule => (Policy: p.Name, Rule: rule)))
            .ToList();
        Assert.NotEmpty(rules);

        foreach (var (policy, rule) in rules)
        {
            var peers = Maps(rule.GetValueOrDefault("to") as List<object?>);
            Assert.True(peers.Count > 0, $"{policy} has an egress rule without a destination (ports {string.Join(",", Ports(rule))})");
            Assert.All(peers, peer => Assert.True(
                peer.ContainsKey("ipBlock") || peer.ContainsKey("namespaceSelector") || peer.ContainsKey("podSelector"),
                $"{policy} has an egress peer that names nothing"));
            // An ipBlock that is the whole internet would be a rule without a destination in disguise.
            Assert.DoesNotContain(peers, peer => Manifest.At<string>(peer, "ipBlock.cidr") is "0.0.0.0/0" or "::/0");
        }

        // DNS goes to kube-dns only; PostgreSQL and the API server to what the values name.
        var dns = Assert.Single(rules, r => Ports(r.Rule).Contains("53")).Rule;
        var dnsPeer = Assert.Single(Maps(dns["to"] as List<object?>));
        Assert.Equal("kube-dns", Manifest.At<string>(dnsPeer, "podSelector.matchLabels[k8s-app]"));
        Assert.Equal("kube-system", Manifest.At<string>(dnsPeer, "namespaceSelector.matchLabels[kubernetes.io/metadata.name]"));
        var api = Assert.Single(rules, r => r.Policy == "edrs-kubernetes-api").Rule;
        var apiCidrs = Maps(api["to"] as List<object?>).Select(p => Manifest.At<string>(p, "ipBlock.cidr")).ToList();
        Assert.Equal(valuesFile == Production ? ["10.10.0.10/32", "10.10.0.11/32", "10.10.0.12/32"] : ["192.0.2.10/32"], apiCidrs);
    }

    [Fact]
    public async Task OTLP_egress_exists_only_when_an_endpoint_is_configured_and_goes_to_the_named_collector()
    {
        var without = await RenderAsync(Minimal);
        Assert.DoesNotContain(EgressRules(without), rule => Ports(rule).Contains("4317"));

        var with = await RenderAsync(Minimal,
            "--set", "telemetry.otlpEndpoint=http://collector.observability.svc:4317",
            "--set-json", """networkPolicy.otlpTo=[{"namespaceSelector":{"matchLabels":{"kubernetes.io/metadata.name":"observability"}}}]""");
        var otlp = Assert.Single(EgressRules(with), rule => Ports(rule).Contains("4317"));
        var peer = Assert.Single(Maps(otlp["to"] as List<object?>));
        Assert.Equal("observability", Manifest.At<string>(peer, "namespaceSelector.matchLabels[kubernetes.io/metadata.name]"));
    }

    [Theory]
    [InlineData("networkPolicy.kubernetesApiTo is empty", "--set", "networkPolicy.kubernetesApiTo=null")]
    [InlineData("networkPolicy.postgresqlTo is empty", "--set", "networkPolicy.postgresqlTo=null")]
    [InlineData("networkPolicy.dnsTo is empty", "--set", "networkPolicy.dnsTo=null")]
    [InlineData("telemetry.otlpEndpoint is set but networkPolicy.otlpTo is empty", "--set", "telemetry.otlpEndpoint=http://collector:4317")]
    [InlineData("gateway.auth.authority is set but networkPolicy.authorityTo is empty", "--set", "gateway.auth.authority=https://login.example.com")]
    [InlineData("networkPolicy.extraEgress[0] has no destination", "--set-json", """networkPolicy.extraEgress=[{"ports":[{"port":6651}]}]""")]
    public async Task Helm_refuses_an_egress_rule_without_a_destination_naming_the_value(string message, string flag, string setting)
    {
        var output = await Helm.TemplateFailureAsync(Minimal, flag, setting);

        Assert.Contains(message, output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ValuesFiles))]
    public async Task With_cluster_TLS_every_cluster_pod_mounts_the_certificate_read_only_and_gets_its_paths(string? valuesFile)
    {
        var manifests = await RenderAsync(valuesFile);

        foreach (var deployment in Of(manifests, "Deployment"))
        {
            var env = Env(deployment);
            Assert.Equal("true", env["Cluster__Tls__Enabled"]["value"]);
            Assert.Equal("/etc/edrs/cluster-tls/tls.crt", env["Cluster__Tls__CertificatePath"]["value"]);
            Assert.Equal("/etc/edrs/cluster-tls/tls.key", env["Cluster__Tls__KeyPath"]["value"]);
            Assert.Equal("/etc/edrs/cluster-tls/ca.crt", env["Cluster__Tls__CaPath"]["value"]);

            var volume = Assert.Single(Maps(deployment.At<List<object?>>("spec.template.spec.volumes")), v => (string?)v["name"] == "cluster-tls");
            Assert.Equal("edrs-cluster-tls", Manifest.At<string>(volume, "secret.secretName"));
            Assert.Equal(["ca.crt", "tls.crt", "tls.key"], Maps(Manifest.At<List<object?>>(volume, "secret.items")).Select(i => (string)i["key"]!).Order());
            var mount = Assert.Single(Maps(Containers(deployment).Single()["volumeMounts"] as List<object?>), m => (string?)m["name"] == "cluster-tls");
            Assert.Equal("/etc/edrs/cluster-tls", mount["mountPath"]);
            Assert.Equal("true", mount["readOnly"]);
            Assert.False(mount.ContainsKey("subPath"), "a subPath mount would never see a rotated Secret");
        }

        // The migration hook is no cluster member: no certificate.
        var job = Assert.Single(Of(manifests, "Job"));
        Assert.DoesNotContain(Maps(job.At<List<object?>>("spec.template.spec.volumes")), v => (string?)v["name"] == "cluster-tls");
        Assert.DoesNotContain(Env(job).Keys, name => name.StartsWith("Cluster__Tls__", StringComparison.Ordinal));

        // Production lets cert-manager issue it: one certificate for server and client use, from the named CA issuer.
        var certificates = Of(manifests, "Certificate").ToList();
        if (valuesFile != Production)
        {
            Assert.Empty(certificates);
            return;
        }

        var certificate = Assert.Single(certificates);
        Assert.Equal("edrs-cluster-tls", certificate.At<string>("spec.secretName"));
        Assert.Equal(["client auth", "digital signature", "server auth"], certificate.At<List<object?>>("spec.usages")!.Cast<string>().Order());
        Assert.Equal("edrs-cluster-ca", certificate.At<string>("spec.issuerRef.name"));
        Assert.Contains("edrs-headless.edrs.svc", certificate.At<List<object?>>("spec.dnsNames")!.Cast<string>());
    }

    [Fact]
    public async Task Without_cluster_TLS_no_certificate_is_mounted_and_the_pods_are_told_it_is_off()
    {
        var manifests = await RenderAsync(Minimal, "--set", "cluster.tls.enabled=false");

        foreach (var deployment in Of(manifests, "Deployment"))
        {
            var env = Env(deployment);
            Assert.Equal("false", env["Cluster__Tls__Enabled"]["value"]);
            Assert.False(env.ContainsKey("Cluster__Tls__CertificatePath"));
            Assert.DoesNotContain(Maps(deployment.At<List<object?>>("spec.template.spec.volumes")), v => (string?)v["name"] == "cluster-tls");
        }
    }

    [Theory]
    [InlineData("cluster.tls.enabled is true but no certificate is given: set cluster.tls.existingSecret", "cluster.tls.existingSecret=")]
    [InlineData("cluster.tls.existingSecret and cluster.tls.certManager.enabled are both set", "cluster.tls.certManager.enabled=true,cluster.tls.certManager.issuerRef.name=ca")]
    [InlineData("cluster.tls.certManager.issuerRef.name is empty", "cluster.tls.existingSecret=,cluster.tls.certManager.enabled=true")]
    public async Task Helm_refuses_cluster_TLS_without_exactly_one_certificate_source(string message, string setting)
    {
        var output = await Helm.TemplateFailureAsync(Minimal, "--set", setting);

        Assert.Contains(message, output, StringComparison.Ordinal);
    }

    private static async Task<List<Manifest>> RenderAsync(string? valuesFile, params string[] settings) =>
        Manifest.ParseAll(await Helm.TemplateAsync(valuesFile, settings));

    private static List<Dictionary<string, object?>> EgressRules(List<Manifest> manifests) =>
        Of(manifests, "NetworkPolicy").SelectMany(p => Maps(p.At<List<object?>>("spec.egress"))).ToList();

    private static List<string> Ports(Dictionary<string, object?> rule) =>
        Maps(rule.GetValueOrDefault("ports") as List<object?>).Select(p => (string)p["port"]!).ToList();

    private static List<string> Subjects(Manifest binding) =>
        Maps(binding.At<List<object?>>("subjects")).Select(s => (string)s["name"]!).ToList();

    private static Dictionary<string, Dictionary<string, object?>> Env(Manifest deployment) =>
        Maps(Containers(deployment).Single()["env"] as List<object?>).ToDictionary(e => (string)e["name"]!);

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
