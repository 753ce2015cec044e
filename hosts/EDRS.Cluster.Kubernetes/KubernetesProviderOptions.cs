using k8s;

namespace EDRS.Cluster.Kubernetes;

/// <summary>
/// Kubernetes membership (section <c>Cluster:Kubernetes</c>; environment variables <c>Cluster__Kubernetes__...</c>),
/// used when <c>Cluster:Provider</c> is <c>Kubernetes</c>. The chart fills the pod fields from the downward API.
/// </summary>
public sealed class KubernetesProviderOptions
{
    public const string DefaultServiceAccountPath = "/var/run/secrets/kubernetes.io/serviceaccount";

    /// <summary>This pod's name (downward API <c>metadata.name</c>). Required.</summary>
    public string? PodName { get; set; }

    /// <summary>
    /// This pod's namespace (downward API <c>metadata.namespace</c>). When unset, read from the mounted service
    /// account's <c>namespace</c> file.
    /// </summary>
    public string? Namespace { get; set; }

    /// <summary>
    /// This pod's IP (downward API <c>status.podIP</c>). When unset, read from the pod object. It only decides whether
    /// the <c>cluster.proto.actor/host</c> label is needed (the advertised host differs from the pod IP).
    /// </summary>
    public string? PodIp { get; set; }

    /// <summary>Folder of the mounted service account. Default <c>/var/run/secrets/kubernetes.io/serviceaccount</c>.</summary>
    public string ServiceAccountPath { get; set; } = DefaultServiceAccountPath;

    /// <summary>
    /// The API server's URL. Unset (default): the in-cluster configuration (service-account token and
    /// <c>KUBERNETES_SERVICE_HOST</c>). Set it for <c>kubectl proxy</c> (e.g. <c>http://127.0.0.1:8001</c>) or tests.
    /// </summary>
    public string? ApiServer { get; set; }

    /// <summary>Deadline of one API call (get, patch, list). Default 10 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Pods are re-listed in full at least this often, so a watch that hangs without a word cannot freeze the
    /// topology for longer. Default 60 s.
    /// </summary>
    public TimeSpan ResyncInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>First delay before retrying a failed call or re-establishing a watch; it doubles up to <see cref="RetryDelayMax"/>. Default 500 ms.</summary>
    public TimeSpan RetryDelayMin { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest delay between retries. Default 30 s.</summary>
    public TimeSpan RetryDelayMax { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long start-up keeps trying to label this pod before the host gives up (and the pod restarts). Default 60 s.</summary>
    public TimeSpan RegistrationTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary><see cref="Namespace"/>, else the service account's namespace file; null when neither is there.</summary>
    public string? ResolveNamespace()
    {
        if (!string.IsNullOrWhiteSpace(Namespace))
            return Namespace.Trim();
        var file = Path.Combine(ServiceAccountPath, "namespace");
        if (!File.Exists(file))
            return null;
        var fromFile = File.ReadAllText(file).Trim();
        return fromFile.Length == 0 ? null : fromFile;
    }

    /// <summary>The problems that stop a Kubernetes member from starting, each naming the variable to set.</summary>
    public IReadOnlyList<string> Validate(string clusterName, string host, string? advertisedHost)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(PodName))
            problems.Add("Cluster:Kubernetes:PodName is required: set Cluster__Kubernetes__PodName from the downward API (fieldRef metadata.name).");
        if (ResolveNamespace() is null)
            problems.Add($"The pod's namespace is unknown: set Cluster__Kubernetes__Namespace from the downward API (fieldRef metadata.namespace), or mount the service account so {Path.Combine(ServiceAccountPath, "namespace")} exists.");
        if (!string.IsNullOrWhiteSpace(ApiServer))
        {
            if (!Uri.TryCreate(ApiServer, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                problems.Add($"Cluster:Kubernetes:ApiServer must be an http(s) URL (was '{ApiServer}'): set Cluster__Kubernetes__ApiServer.");
        }
        else if (!KubernetesClientConfiguration.IsInCluster())
        {
            problems.Add("No Kubernetes API server: run in a pod with a service-account token (KUBERNETES_SERVICE_HOST set), or set Cluster__Kubernetes__ApiServer (e.g. http://127.0.0.1:8001 from kubectl proxy).");
        }

        if (!ProtoClusterLabels.IsValidValue(clusterName))
            problems.Add($"Cluster:Name '{clusterName}' must be a Kubernetes label value (at most 63 of A-Z a-z 0-9 - _ ., alphanumeric at both ends): set Cluster__Name.");
        if (string.IsNullOrWhiteSpace(advertisedHost) && host is "0.0.0.0" or "::" or "[::]" or "*" or "+")
            problems.Add($"Cluster:Host {host} listens everywhere but is no address other pods can reach: set Cluster__AdvertisedHost to the pod IP (fieldRef status.podIP).");

        if (RequestTimeout < TimeSpan.FromMilliseconds(100))
            problems.Add($"Cluster:Kubernetes:RequestTimeout must be at least 100 ms (was {RequestTimeout}): set Cluster__Kubernetes__RequestTimeout.");
        if (ResyncInterval < TimeSpan.FromSeconds(1))
            problems.Add($"Cluster:Kubernetes:ResyncInterval must be at least 1 s (was {ResyncInterval}): set Cluster__Kubernetes__ResyncInterval.");
        if (RetryDelayMin <= TimeSpan.Zero || RetryDelayMax < RetryDelayMin)
            problems.Add($"Cluster:Kubernetes:RetryDelayMin must be positive and at most RetryDelayMax (were {RetryDelayMin} and {RetryDelayMax}): set Cluster__Kubernetes__RetryDelayMin and Cluster__Kubernetes__RetryDelayMax.");
        if (RegistrationTimeout < RequestTimeout)
            problems.Add($"Cluster:Kubernetes:RegistrationTimeout must be at least RequestTimeout (was {RegistrationTimeout}): set Cluster__Kubernetes__RegistrationTimeout.");
        return problems;
    }
}
