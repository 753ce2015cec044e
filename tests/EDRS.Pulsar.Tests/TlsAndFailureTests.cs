using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using EDRS.Pulsar.FakeBroker;
using EDRS.Pulsar.Protocol;
using EDRS.Testing;

namespace EDRS.Pulsar.Tests;

/// <summary>TLS and broker-side failures, against the fake broker (a test double: no Pulsar server runs here).</summary>
public sealed class TlsAndFailureTests : IDisposable
{
    private readonly X509Certificate2 certificate = SelfSigned();
    private readonly string trustFile = Path.Combine(Path.GetTempPath(), $"edrs-pulsar-ca-{Guid.NewGuid():N}.pem");

    public TlsAndFailureTests() => File.WriteAllText(trustFile, certificate.ExportCertificatePem());

    public void Dispose()
    {
        File.Delete(trustFile);
        certificate.Dispose();
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    [Fact]
    public async Task Over_pulsar_ssl_with_the_brokers_ca_trusted_messages_flow_both_ways()
    {
        await using var broker = FakePulsarBroker.Start(new FakeBrokerOptions { TlsCertificate = certificate });
        var options = PulsarTestClient.Options(broker);
        options.TlsTrustCertificatesFile = trustFile;
        await using var client = new PulsarClient(options);
        Assert.StartsWith("pulsar+ssl://", broker.ServiceUrl, StringComparison.Ordinal);

        await using var consumer = await client.SubscribeAsync(new PulsarConsumerOptions { Topic = "tls", SubscriptionName = "s" });
        await using var producer = await client.CreateProducerAsync(new PulsarProducerOptions { Topic = "tls" });
        await producer.SendAsync(Encoding.UTF8.GetBytes("secret"));
        var message = await Eventually.Within(consumer.ReceiveAsync(), "the message over TLS");

        Assert.Equal("secret", Encoding.UTF8.GetString(message.Payload.Span));
        Assert.Empty(broker.ProtocolViolations);
    }

    [Fact]
    public async Task An_untrusted_broker_certificate_fails_at_once_with_a_tls_error()
    {
        await using var broker = FakePulsarBroker.Start(new FakeBrokerOptions { TlsCertificate = certificate });
        await using var client = PulsarTestClient.Create(broker);

        var error = await Assert.ThrowsAsync<PulsarException>(() => client.CreateProducerAsync(new PulsarProducerOptions { Topic = "tls" }));

        Assert.False(error.IsRetriable);
        Assert.Contains("TLS", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_a_send_error_the_producer_reconnects_and_every_message_is_stored_once_in_order()
    {
        await using var broker = FakePulsarBroker.Start();
        await using var client = PulsarTestClient.Create(broker);
        await using var producer = await client.CreateProducerAsync(new PulsarProducerOptions { Topic = "send-error", ProducerName = "se" });
        await producer.SendAsync("m0"u8.ToArray());

        broker.FailNextSend(ServerError.PersistenceError);
        var sends = Enumerable.Range(1, 20).Select(i => producer.SendAsync(Encoding.UTF8.GetBytes($"m{i}"))).ToList();
        await Eventually.Within(Task.WhenAll(sends), "every send to be confirmed");

        Assert.Equal(Enumerable.Range(0, 21).Select(i => (long)i), broker.Published("send-error").Select(m => m.SequenceId));
        Assert.True(broker.Received(BaseCommand.Types.Type.Producer) >= 2, "the producer was re-created after the SEND_ERROR");
        Assert.Empty(broker.ProtocolViolations);
    }

    [Fact]
    public async Task The_broker_can_wait_for_what_a_producer_published()
    {
        await using var broker = FakePulsarBroker.Start();
        await using var client = PulsarTestClient.Create(broker);
        await using var producer = await client.CreateProducerAsync(new PulsarProducerOptions { Topic = "wait" });

        var sends = Task.WhenAll(Enumerable.Range(0, 3).Select(i => producer.SendAsync(new[] { (byte)i })));
        var published = await broker.WaitForPublishedAsync("wait", 3, Eventually.Patience);
        await sends;

        Assert.Equal(3, published.Count);
        await Assert.ThrowsAsync<TimeoutException>(() => broker.WaitForPublishedAsync("wait", 4, TimeSpan.FromMilliseconds(50)));
    }
}
