using EDRS.Testing.Gateway;

namespace EDRS.Attacks.Tests.Quotas;

/// <summary>
/// The gateway with small quotas, set as an operator sets them, so a test reaches each limit in a few calls. One router
/// partition, so the tenant's unassigned queue is one queue. On Kestrel, for the gRPC edge.
/// </summary>
public sealed class QuotaGateway() : GatewayFixture(new GatewayOptions
{
    Kestrel = true,
    Settings = new Dictionary<string, string?>
    {
        ["Events:RouterPartitions"] = "1",
        ["Quotas:PeoplePerPersona"] = "3",
        ["Quotas:FactsPerPerson"] = "4",
        ["Quotas:FactsPerPersona"] = "6",
        ["Quotas:OpenWorkPerPersona"] = "3",
        ["Quotas:UnassignedEventsPerTenant"] = "4",
    },
});
