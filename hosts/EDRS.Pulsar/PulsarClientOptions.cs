using EDRS.Pulsar.Connections;

namespace EDRS.Pulsar;

/// <summary>
/// Where and how to reach Pulsar (section <c>Pulsar</c> by convention; environment variables <c>Pulsar__...</c>).
/// Validate at start-up with <see cref="Validate"/>; <see cref="PulsarClient"/> refuses invalid options.
/// </summary>
public sealed class PulsarClientOptions
{
    public const string SectionName = "Pulsar";

    /// <summary>
    /// The cluster's service URL: <c>pulsar://host:6650</c> (plain TCP) or <c>pulsar+ssl://host:6651</c> (TLS); several
    /// hosts may be listed comma-separated (<c>pulsar://a:6650,b:6650</c>). Default <c>pulsar://localhost:6650</c>.
    /// </summary>
    public string ServiceUrl { get; set; } = "pulsar://localhost:6650";

    /// <summary>A JWT for token authentication (<c>auth_method_name</c> "token"); null for none. Never logged.</summary>
    public string? AuthToken { get; set; }

    /// <summary>Deadline of one request to the broker (lookup, create producer, subscribe), and of creating a producer or consumer in all. Default 30 s.</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Deadline of opening a connection, including TLS and the CONNECT handshake. Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A PING is sent this often; a connection that has received nothing for two intervals is closed as dead. Default 30 s.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>First delay before reconnecting; it doubles (with jitter) up to <see cref="ReconnectMaxDelay"/>. Default 100 ms.</summary>
    public TimeSpan ReconnectInitialDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest delay between reconnection attempts. Default 30 s.</summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest message accepted in either direction; frames beyond it plus 10 KiB of framing are refused. Default 5 MB, the broker's default.</summary>
    public int MaxMessageSize { get; set; } = Protocol.PulsarFrameCodec.DefaultMaxMessageSize;

    /// <summary>PEM file of CA certificates to trust for <c>pulsar+ssl</c> (besides the system store's). Optional.</summary>
    public string? TlsTrustCertificatesFile { get; set; }

    /// <summary>Accept any broker certificate (tests only). Default false.</summary>
    public bool TlsAllowInsecureConnection { get; set; }

    /// <summary>The problems that stop a client from starting, each naming the environment variable to set.</summary>
    public IReadOnlyList<string> Validate(string section = SectionName)
    {
        var variable = section.Replace(":", "__", StringComparison.Ordinal);
        var problems = new List<string>();
        if (!ServiceEndpoints.TryParse(ServiceUrl, out _, out var error))
            problems.Add($"{section}:ServiceUrl {error}: set {variable}__ServiceUrl (e.g. pulsar://broker:6650 or pulsar+ssl://broker:6651).");
        if (AuthToken is not null && (AuthToken.Length == 0 || AuthToken.Any(char.IsWhiteSpace)))
            problems.Add($"{section}:AuthToken must be a non-empty token without whitespace (the value is not shown): set {variable}__AuthToken, or leave it unset for no authentication.");
        if (OperationTimeout < TimeSpan.FromMilliseconds(100))
            problems.Add($"{section}:OperationTimeout must be at least 100 ms (was {OperationTimeout}): set {variable}__OperationTimeout.");
        if (ConnectTimeout < TimeSpan.FromMilliseconds(100))
            problems.Add($"{section}:ConnectTimeout must be at least 100 ms (was {ConnectTimeout}): set {variable}__ConnectTimeout.");
        if (KeepAliveInterval < TimeSpan.FromMilliseconds(50))
            problems.Add($"{section}:KeepAliveInterval must be at least 50 ms (was {KeepAliveInterval}): set {variable}__KeepAliveInterval.");
        if (ReconnectInitialDelay <= TimeSpan.Zero || ReconnectMaxDelay < ReconnectInitialDelay)
            problems.Add($"{section}:ReconnectInitialDelay must be positive and at most ReconnectMaxDelay (were {ReconnectInitialDelay} and {ReconnectMaxDelay}): set {variable}__ReconnectInitialDelay and {variable}__ReconnectMaxDelay.");
        if (MaxMessageSize is < 1024 or > 128 * 1024 * 1024)
            problems.Add($"{section}:MaxMessageSize must be 1 KiB..128 MiB (was {MaxMessageSize}): set {variable}__MaxMessageSize.");
        if (TlsTrustCertificatesFile is not null && !File.Exists(TlsTrustCertificatesFile))
            problems.Add($"{section}:TlsTrustCertificatesFile '{TlsTrustCertificatesFile}' does not exist: set {variable}__TlsTrustCertificatesFile to a PEM file.");
        return problems;
    }
}
