using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EDRS.Testing.Gateway;

namespace EDRS.Hosts.Gateway.Tests.Grpc;

/// <summary>The gRPC endpoint with a certificate configured (configuration only, as an operator sets it): gRPC over TLS.</summary>
public sealed class TlsGateway : GatewayFixture
{
    private readonly string _certificatePath = Path.Combine(Path.GetTempPath(), $"edrs-gateway-{Guid.NewGuid():N}.pfx");

    public TlsGateway()
        : base(new GatewayOptions { Kestrel = true })
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllBytes(_certificatePath, certificate.Export(X509ContentType.Pfx, "test"));
        Thumbprint = certificate.Thumbprint;
    }

    public string Thumbprint { get; }

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Kestrel:Endpoints:Grpc:Url", $"https://127.0.0.1:{GrpcPort}"),
        new("Kestrel:Endpoints:Grpc:Certificate:Path", _certificatePath),
        new("Kestrel:Endpoints:Grpc:Certificate:Password", "test"),
    ];

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        File.Delete(_certificatePath);
    }
}
