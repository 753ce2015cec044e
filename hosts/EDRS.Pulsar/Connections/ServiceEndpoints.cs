using System.Globalization;

namespace EDRS.Pulsar.Connections;

/// <summary>Parses service URLs: <c>pulsar://host[:6650][,host2[:port]]</c> or <c>pulsar+ssl://host[:6651],...</c>.</summary>
public static class ServiceEndpoints
{
    public const int DefaultPort = 6650;
    public const int DefaultTlsPort = 6651;

    public static bool TryParse(string? url, out IReadOnlyList<BrokerAddress> endpoints, out string error)
    {
        endpoints = [];
        error = "";
        if (string.IsNullOrWhiteSpace(url))
        {
            error = "is required";
            return false;
        }

        bool tls;
        string rest;
        if (url.StartsWith("pulsar://", StringComparison.OrdinalIgnoreCase))
        {
            tls = false;
            rest = url["pulsar://".Length..];
        }
        else if (url.StartsWith("pulsar+ssl://", StringComparison.OrdinalIgnoreCase))
        {
            tls = true;
            rest = url["pulsar+ssl://".Length..];
        }
        else
        {
            error = $"'{url}' must start with pulsar:// or pulsar+ssl://";
            return false;
        }

        rest = rest.TrimEnd('/');
        var list = new List<BrokerAddress>();
        foreach (var hostPort in rest.Split(','))
        {
            var part = hostPort.Trim();
            var host = part;
            var port = tls ? DefaultTlsPort : DefaultPort;
            var colon = part.LastIndexOf(':');
            if (colon >= 0 && !part.EndsWith(']'))
            {
                host = part[..colon];
                if (!int.TryParse(part[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
                {
                    error = $"'{url}' has an invalid port in '{part}'";
                    return false;
                }
            }

            host = host.Trim('[', ']');
            if (host.Length == 0 || host.Contains('/') || host.Any(char.IsWhiteSpace))
            {
                error = $"'{url}' has an invalid host in '{part}'";
                return false;
            }

            list.Add(new BrokerAddress(host, port, tls));
        }

        endpoints = list;
        return true;
    }
}
