using EDRS.Cluster.Kubernetes;
using EDRS.Hosting.Cluster;
using Microsoft.Extensions.Configuration;

namespace EDRS.Cluster.Kubernetes.Tests;

/// <summary>Selecting the provider through configuration, and start-up validation that names what to set.</summary>
public sealed class KubernetesOptionsTests : IDisposable
{
    private readonly string _serviceAccount = Directory.CreateTempSubdirectory("edrs-sa-").FullName;

    public void Dispose() => Directory.Delete(_serviceAccount, recursive: true);

    [Fact]
    public void The_provider_and_its_pod_settings_bind_from_environment_style_keys_case_insensitively()
    {
        var options = Bind(new Dictionary<string, string?>
        {
            ["Cluster:Provider"] = "kubernetes",
            ["Cluster:Kubernetes:PodName"] = "edrs-member-7c9d-x2k4f",
            ["Cluster:Kubernetes:Namespace"] = "edrs",
            ["Cluster:Kubernetes:PodIp"] = "10.1.0.7",
            ["Cluster:Kubernetes:ApiServer"] = "http://127.0.0.1:8001",
            ["Cluster:Kubernetes:ResyncInterval"] = "00:00:30",
            ["Cluster:AdvertisedHost"] = "10.1.0.7",
            ["Cluster:Host"] = "0.0.0.0",
        });

        Assert.Equal(ClusterProviderKind.Kubernetes, options.Provider);
        Assert.Equal("edrs-member-7c9d-x2k4f", options.Kubernetes.PodName);
        Assert.Equal("10.1.0.7", options.Kubernetes.PodIp);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Kubernetes.ResyncInterval);
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void Kubernetes_settings_missing_outside_a_pod_are_refused_naming_the_variables_to_set()
    {
        // Not in a pod here: no KUBERNETES_SERVICE_HOST, no service-account files.
        var options = Bind(new Dictionary<string, string?>
        {
            ["Cluster:Provider"] = "Kubernetes",
            ["Cluster:Host"] = "0.0.0.0",
            ["Cluster:Name"] = "EDRS cluster",
            ["Cluster:Kubernetes:ServiceAccountPath"] = _serviceAccount,
        });

        var problems = string.Join("\n", options.Validate());

        Assert.Contains("Cluster__Kubernetes__PodName", problems, StringComparison.Ordinal);
        Assert.Contains("Cluster__Kubernetes__Namespace", problems, StringComparison.Ordinal);
        Assert.Contains("Cluster__Kubernetes__ApiServer", problems, StringComparison.Ordinal);
        Assert.Contains("Cluster__AdvertisedHost", problems, StringComparison.Ordinal);
        Assert.Contains("Cluster__Name", problems, StringComparison.Ordinal);
    }

    [Fact]
    public void The_namespace_falls_back_to_the_service_account_file()
    {
        File.WriteAllText(Path.Combine(_serviceAccount, "namespace"), "edrs-prod\n");
        var options = new KubernetesProviderOptions { ServiceAccountPath = _serviceAccount };
        Assert.Equal("edrs-prod", options.ResolveNamespace());

        options.Namespace = "from-downward-api";
        Assert.Equal("from-downward-api", options.ResolveNamespace());
    }

    [Fact]
    public void The_other_providers_ignore_the_Kubernetes_settings()
    {
        var options = Bind(new Dictionary<string, string?> { ["Cluster:Provider"] = "SingleNode", ["Cluster:Kubernetes:ApiServer"] = "not a url" });

        Assert.Empty(options.Validate());
    }

    private static EdrsClusterOptions Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var options = new EdrsClusterOptions();
        configuration.GetSection(EdrsClusterOptions.Section).Bind(options);
        return options;
    }
}
