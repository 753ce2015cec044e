namespace EDRS.Pulsar.Connections;

/// <summary>One broker (or proxy) endpoint: host, port and whether to speak TLS.</summary>
public readonly record struct BrokerAddress(string Host, int Port, bool UseTls)
{
    public override string ToString() => $"{(UseTls ? "pulsar+ssl" : "pulsar")}://{Host}:{Port}";

    /// <summary>The <c>host:port</c> form a proxy expects in <c>proxy_to_broker_url</c>.</summary>
    public string HostAndPort => $"{Host}:{Port}";

    /// <summary>Parses a single-host <c>pulsar://</c> or <c>pulsar+ssl://</c> URL, as brokers return them in lookups.</summary>
    public static bool TryParse(string? url, out BrokerAddress address)
    {
        address = default;
        if (!ServiceEndpoints.TryParse(url, out var endpoints, out _) || endpoints.Count != 1)
            return false;
        address = endpoints[0];
        return true;
    }
}
