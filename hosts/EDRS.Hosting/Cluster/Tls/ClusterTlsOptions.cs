namespace EDRS.Hosting.Cluster.Tls;

/// <summary>
/// Mutual TLS on remoting (section <c>Cluster:Tls</c>; environment variables <c>Cluster__Tls__...</c>; the chart mounts the
/// Secret's <c>tls.crt</c>, <c>tls.key</c> and <c>ca.crt</c> and sets them). Every process of the cluster serves and dials
/// with the cluster certificate and accepts only peers whose certificate chains to a CA of <see cref="CaPath"/>.
/// </summary>
public sealed class ClusterTlsOptions
{
    /// <summary>Serve and dial remoting over mutual TLS. Default false (plain text: only for one host or a closed network).</summary>
    public bool Enabled { get; set; }

    /// <summary>PEM file of this process's cluster certificate (<c>tls.crt</c>); may carry intermediates after it.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>PEM file of the certificate's private key (<c>tls.key</c>).</summary>
    public string? KeyPath { get; set; }

    /// <summary>PEM file of the CAs peers must chain to (<c>ca.crt</c>); two during a CA rotation.</summary>
    public string? CaPath { get; set; }

    /// <summary>The problems that stop the start, each naming the variable to set; none when TLS is off.</summary>
    public IReadOnlyList<string> Validate()
    {
        if (!Enabled)
            return [];
        var problems = new List<string>();
        Require(CertificatePath, nameof(CertificatePath), "the cluster certificate (tls.crt)", problems);
        Require(KeyPath, nameof(KeyPath), "its private key (tls.key)", problems);
        Require(CaPath, nameof(CaPath), "the CA bundle peers must chain to (ca.crt)", problems);
        if (problems.Count > 0)
            return problems;
        using var loaded = ClusterTls.TryLoad(this, problems);
        return problems;
    }

    private static void Require(string? path, string name, string what, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(path))
            problems.Add($"Cluster:Tls:{name} is required when Cluster:Tls:Enabled is true: set Cluster__Tls__{name} to the PEM file of {what}.");
        else if (!File.Exists(path))
            problems.Add($"Cluster:Tls:{name} '{path}' does not exist: set Cluster__Tls__{name} to the PEM file of {what}.");
    }
}
