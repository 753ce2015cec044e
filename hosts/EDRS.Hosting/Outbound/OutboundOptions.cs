using System.Net;

namespace EDRS.Hosting.Outbound;

/// <summary>
/// Where calls this process makes on a tenant's behalf (HTTP tools, webhooks, knowledge sources) may not go: configuration
/// section <c>Outbound</c>, environment variable <c>Outbound__BlockedNetworks</c>.
/// </summary>
public sealed class OutboundOptions
{
    public const string Section = "Outbound";

    /// <summary>
    /// The default: link-local addresses, where cloud providers serve instance metadata and credentials
    /// (169.254.169.254, fd00:ec2::254), and Azure's host endpoint. Private networks stay reachable: tools call a company's
    /// own services.
    /// </summary>
    public const string DefaultBlockedNetworks = "169.254.0.0/16,fe80::/10,fd00:ec2::254/128,168.63.129.16/32";

    /// <summary>Networks in CIDR notation, separated by commas, that no tenant's call may connect to; empty blocks none.</summary>
    public string BlockedNetworks { get; set; } = DefaultBlockedNetworks;

    /// <summary>The networks of <see cref="BlockedNetworks"/>; only call after <see cref="Validate"/> found no problem.</summary>
    public IReadOnlyList<IPNetwork> Networks() => [.. Entries().Select(e => IPNetwork.Parse(e))];

    public IReadOnlyList<string> Validate()
    {
        var bad = Entries().Where(e => !IPNetwork.TryParse(e, out _)).ToList();
        return bad.Count == 0
            ? []
            : [$"Outbound:BlockedNetworks must list networks in CIDR notation separated by commas, e.g. {DefaultBlockedNetworks} (not: {string.Join(", ", bad)}): set Outbound__BlockedNetworks."];
    }

    private IEnumerable<string> Entries() => (BlockedNetworks ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
