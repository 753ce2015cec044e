namespace EDRS.Attacks.Tests.Cluster;

/// <summary>A member's certificate, key and trusted CA bundle as files, and the settings that point a member at them.</summary>
public sealed record MemberCertificate(string CertificatePath, string KeyPath, string CaPath)
{
    /// <summary>The configuration keys the chart sets (<c>Cluster__Tls__*</c>), as configuration paths.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["Cluster:Tls:Enabled"] = "true",
        ["Cluster:Tls:CertificatePath"] = CertificatePath,
        ["Cluster:Tls:KeyPath"] = KeyPath,
        ["Cluster:Tls:CaPath"] = CaPath,
    };

    /// <summary>The same certificate and key trusting another CA bundle (e.g. two CAs during a rotation).</summary>
    public MemberCertificate Trusting(string caPath) => this with { CaPath = caPath };
}
