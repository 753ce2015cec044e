using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Proto.Remote;
using Proto.Remote.GrpcNet;

namespace EDRS.Hosting.Cluster.Tls;

/// <summary>
/// The cluster certificate and the CAs it trusts, and remoting secured with them: Proto.Remote's Kestrel endpoint serves
/// TLS with the certificate and requires a client certificate, and its gRPC channels present the certificate. Both
/// directions accept a peer only when its certificate chains to a CA of the bundle (a trust store of its own: the system's
/// CAs count for nothing), allows the use it is put to (server or client authentication) and digital signatures. Host
/// names are not checked: peers are reached by pod IP, and the chain is what proves membership. No revocation check: the
/// cluster CA publishes no revocation list; a leaked key is answered by rotating the CA.
/// </summary>
public sealed partial class ClusterTls : IDisposable
{
    private const SslProtocols Protocols = SslProtocols.Tls12 | SslProtocols.Tls13;
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1", "Server Authentication");
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2", "Client Authentication");

    private readonly X509Certificate2 _certificate;
    private readonly X509Certificate2Collection _intermediates;
    private readonly X509Certificate2Collection _authorities;
    private readonly Lazy<SocketsHttpHandler> _handler;
    private ILogger _logger = NullLogger.Instance;

    private ClusterTls(X509Certificate2 certificate, X509Certificate2Collection intermediates, X509Certificate2Collection authorities)
    {
        (_certificate, _intermediates, _authorities) = (certificate, intermediates, authorities);
        _handler = new Lazy<SocketsHttpHandler>(CreateHandler);
    }

    /// <summary>The cluster certificate (with its private key).</summary>
    public X509Certificate2 Certificate => _certificate;

    /// <summary>Loads what <paramref name="options"/> name; they were validated at start-up, so a failure here is unexpected.</summary>
    public static ClusterTls Load(ClusterTlsOptions options, ILogger logger)
    {
        var problems = new List<string>();
        var tls = TryLoad(options, problems) ?? throw new InvalidOperationException(string.Join(" ", problems));
        tls._logger = logger;
        return tls;
    }

    /// <summary>
    /// Loads the certificate, its key and the CA bundle and checks that they can work: the key is the certificate's, the
    /// certificate may serve and dial, and it chains to the bundle (else every peer would refuse it). Null with the problems,
    /// each naming the variable to set, when they cannot.
    /// </summary>
    internal static ClusterTls? TryLoad(ClusterTlsOptions options, List<string> problems)
    {
        var (certificatePath, keyPath, caPath) = (options.CertificatePath!, options.KeyPath!, options.CaPath!);
        var chain = ReadCertificates(certificatePath, "CertificatePath", "the cluster certificate (tls.crt)", problems);
        var authorities = ReadCertificates(caPath, "CaPath", "the CA bundle (ca.crt)", problems);
        if (chain is null || authorities is null)
        {
            DisposeAll(chain);
            DisposeAll(authorities);
            return null;
        }

        X509Certificate2 certificate;
        try
        {
            // The first certificate of the file is the member's; any after it are intermediates sent along.
            certificate = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            problems.Add($"Cluster:Tls:KeyPath '{keyPath}' is not the PEM private key of the certificate in '{certificatePath}' ({e.Message}): " +
                         "set Cluster__Tls__KeyPath to the tls.key that belongs to Cluster__Tls__CertificatePath's tls.crt.");
            DisposeAll(chain);
            DisposeAll(authorities);
            return null;
        }

        // The first one came back with its key above; the rest are intermediates.
        chain[0].Dispose();
        var intermediates = new X509Certificate2Collection();
        foreach (var extra in chain.Skip(1))
            intermediates.Add(extra);
        var tls = new ClusterTls(certificate, intermediates, authorities);
        if (!AllowsBothDirections(certificate))
            problems.Add($"Cluster:Tls:CertificatePath '{certificatePath}' ({certificate.Subject}) must allow digital signatures and both TLS server and " +
                         "client authentication (extended key usages 1.3.6.1.5.5.7.3.1 and 1.3.6.1.5.5.7.3.2): a member serves and dials with the same " +
                         "certificate. Set Cluster__Tls__CertificatePath to such a certificate.");
        else if (tls.Refusal(certificate, extra: null, purpose: null) is { } refusal)
            problems.Add($"Cluster:Tls:CertificatePath '{certificatePath}' ({certificate.Subject}) does not chain to a CA of Cluster:Tls:CaPath '{caPath}' " +
                         $"({refusal}), so every peer would refuse it: set Cluster__Tls__CaPath to the bundle holding its CA, or " +
                         "Cluster__Tls__CertificatePath to a certificate of that CA.");
        if (problems.Count == 0)
            return tls;
        tls.Dispose();
        return null;
    }

    /// <summary><paramref name="remote"/> served and dialled over mutual TLS with this certificate.</summary>
    public RemoteConfig Secure(RemoteConfig remote) =>
        remote.WithChannelOptions(new GrpcChannelOptions { HttpHandler = _handler.Value, DisposeHttpClient = false }) with
        {
            UseHttps = true,
            ConfigureKestrel = Listen,
        };

    public void Dispose()
    {
        if (_handler.IsValueCreated)
            _handler.Value.Dispose();
        _certificate.Dispose();
        DisposeAll(_intermediates);
        DisposeAll(_authorities);
    }

    private static void DisposeAll(X509Certificate2Collection? certificates)
    {
        foreach (var certificate in certificates ?? [])
            certificate.Dispose();
    }

    private void Listen(ListenOptions listen)
    {
        listen.Protocols = HttpProtocols.Http2;
        listen.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificate = _certificate,
            ServerCertificateChain = _intermediates.Count > 0 ? _intermediates : null,
            ClientCertificateMode = ClientCertificateMode.RequireCertificate,
            ClientCertificateValidation = (certificate, chain, _) => Accepts(certificate, chain, ClientAuthentication, "client"),
            CheckCertificateRevocation = false,
            SslProtocols = Protocols,
        });
    }

    // One handler for every channel Proto.Remote opens (one per peer address): connections are pooled per peer inside it.
    private SocketsHttpHandler CreateHandler() => new()
    {
        EnableMultipleHttp2Connections = true,
        SslOptions = new SslClientAuthenticationOptions
        {
            ClientCertificateContext = SslStreamCertificateContext.Create(_certificate, _intermediates, offline: true),
            // The platform's verdict (name mismatch: peers are pod IPs; an unknown root: the cluster CA is ours) is replaced
            // by the chain check against the bundle.
            RemoteCertificateValidationCallback = (_, certificate, chain, _) => Accepts(certificate, chain, ServerAuthentication, "server"),
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            EnabledSslProtocols = Protocols,
        },
    };

    private bool Accepts(X509Certificate? presented, X509Chain? presentedChain, Oid purpose, string role)
    {
        if (presented is null)
        {
            LogRefused(_logger, role, "(none)", "(none)", "no certificate was presented");
            return false;
        }
        using var loaded = (presented as X509Certificate2) is null ? X509CertificateLoader.LoadCertificate(presented.GetRawCertData()) : null;
        var certificate = presented as X509Certificate2 ?? loaded!;
        var refusal = Refusal(certificate, presentedChain?.ChainElements.Select(e => e.Certificate), purpose);
        if (refusal is null)
            return true;
        LogRefused(_logger, role, certificate.Subject, certificate.Issuer, refusal);
        return false;
    }

    /// <summary>Why <paramref name="certificate"/> is refused for <paramref name="purpose"/> (any, when null); null when it is accepted.</summary>
    private string? Refusal(X509Certificate2 certificate, IEnumerable<X509Certificate2>? extra, Oid? purpose)
    {
        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.AddRange(_authorities);
        policy.ExtraStore.AddRange(_intermediates);
        foreach (var presented in extra ?? [])
            policy.ExtraStore.Add(presented);
        policy.RevocationMode = X509RevocationMode.NoCheck;
        if (purpose is not null)
            policy.ApplicationPolicy.Add(purpose);
        if (!chain.Build(certificate))
        {
            var statuses = chain.ChainStatus.Select(s => string.IsNullOrWhiteSpace(s.StatusInformation) ? s.Status.ToString() : s.StatusInformation.Trim());
            return "chain: " + string.Join("; ", statuses.Distinct());
        }
        return AllowsDigitalSignature(certificate) ? null : "its key usage does not allow digital signatures";
    }

    private static bool AllowsBothDirections(X509Certificate2 certificate)
    {
        if (!AllowsDigitalSignature(certificate))
            return false;
        var usages = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().SingleOrDefault()?.EnhancedKeyUsages;
        // Without the extension a certificate may be used for anything (RFC 5280).
        return usages is null
               || (usages.Cast<Oid>().Any(u => u.Value == ServerAuthentication.Value) && usages.Cast<Oid>().Any(u => u.Value == ClientAuthentication.Value));
    }

    private static bool AllowsDigitalSignature(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509KeyUsageExtension>().SingleOrDefault() is not { } usage
        || usage.KeyUsages.HasFlag(X509KeyUsageFlags.DigitalSignature);

    private static X509Certificate2Collection? ReadCertificates(string path, string name, string what, List<string> problems)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPemFile(path);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            problems.Add($"Cluster:Tls:{name} '{path}' cannot be read as PEM certificates ({e.Message}): set Cluster__Tls__{name} to {what}.");
            return null;
        }
        if (certificates.Count > 0)
            return certificates;
        problems.Add($"Cluster:Tls:{name} '{path}' holds no PEM certificate: set Cluster__Tls__{name} to {what}.");
        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a remoting {Role} certificate '{Subject}' issued by '{Issuer}': {Reason}")]
    private static partial void LogRefused(ILogger logger, string role, string subject, string issuer, string reason);
}
