namespace EDRS.Pulsar.FakeBroker;

/// <summary>How a <see cref="FakePulsarBroker"/> behaves when nothing is asked of it on demand.</summary>
public sealed class FakeBrokerOptions
{
    /// <summary>The token CONNECT must carry (auth method "token"); null accepts any client, as a broker without authentication does.</summary>
    public string? RequiredToken { get; set; }

    /// <summary>Largest message accepted; larger frames (beyond 10 KiB of framing) are protocol violations. Default 5 MB.</summary>
    public int MaxMessageSize { get; set; } = Protocol.PulsarFrameCodec.DefaultMaxMessageSize;

    /// <summary>Broker-side deduplication by producer name and sequence id. Default on.</summary>
    public bool Deduplication { get; set; } = true;

    /// <summary>Create topics on first use (PRODUCER, SUBSCRIBE, LOOKUP). Default on; off answers TopicNotFound for unknown topics.</summary>
    public bool AutoCreateTopics { get; set; } = true;

    /// <summary>Serve TLS with this certificate (with its private key): the service URL becomes <c>pulsar+ssl://</c>. Null: plain TCP.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? TlsCertificate { get; set; }

    /// <summary>The loopback port to listen on; 0 (default) picks a free one. Set it to restart a broker where the old one was.</summary>
    public int Port { get; set; }

    /// <summary>The ledger id of this broker's entries (message ids are ledger:entry). Default 1.</summary>
    public long LedgerId { get; set; } = 1;
}
