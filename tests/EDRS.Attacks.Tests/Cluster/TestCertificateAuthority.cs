using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EDRS.Attacks.Tests.Cluster;

/// <summary>
/// A certificate authority made by the test, as an operator makes the cluster's (openssl, cert-manager): an ECDSA root,
/// and member certificates it signs, written as the PEM files the chart mounts (<c>tls.crt</c>, <c>tls.key</c>,
/// <c>ca.crt</c>). Each authority has a folder of its own, deleted on dispose.
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");
    private readonly ECDsa _key;
    private int _issued;

    public TestCertificateAuthority(string name)
    {
        Folder = Directory.CreateTempSubdirectory("edrs-cluster-tls-").FullName;
        _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", _key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        Certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        CaPath = Path.Combine(Folder, "ca.crt");
        File.WriteAllText(CaPath, Certificate.ExportCertificatePem() + "\n");
    }

    public string Folder { get; }

    public X509Certificate2 Certificate { get; }

    /// <summary>This authority's certificate as the <c>ca.crt</c> a member trusts.</summary>
    public string CaPath { get; }

    /// <summary>
    /// A member certificate signed by this authority: digital signature, server and client authentication (a member
    /// serves and dials with the same certificate), a name that is not the member's address (peers are checked by chain).
    /// </summary>
    public MemberCertificate Issue(string name, params Oid[] usages)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        var enhanced = new OidCollection();
        foreach (var usage in usages.Length > 0 ? usages : [ServerAuthentication, ClientAuthentication])
            enhanced.Add(usage);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(enhanced, critical: false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName($"{name}.edrs-relay.edrs.svc");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var serial = BitConverter.GetBytes(Interlocked.Increment(ref _issued) + Random.Shared.NextInt64(1, long.MaxValue / 2));
        using var certificate = request.Create(Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(_key),
            DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7), serial);

        var certificatePath = Path.Combine(Folder, $"{name}.crt");
        var keyPath = Path.Combine(Folder, $"{name}.key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem() + "\n");
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem() + "\n");
        return new MemberCertificate(certificatePath, keyPath, CaPath);
    }

    /// <summary>A server-only certificate: no client authentication usage, so a member cannot dial with it.</summary>
    public MemberCertificate IssueServerOnly(string name) => Issue(name, ServerAuthentication);

    public void Dispose()
    {
        _key.Dispose();
        Certificate.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A member still holding a file open; the temp folder is cleaned by the system.
        }
    }
}
