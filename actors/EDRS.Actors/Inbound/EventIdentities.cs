using EDRS.Grains.Runtime;

namespace EDRS.Actors.Inbound;

/// <summary>Identities and stream keys of the event side: router partitions, routing tables and per-event streams.</summary>
public static class EventIdentities
{
    public static string Router(string tenant, int partition) => $"{Tenant(tenant)}/p{partition}";

    public static string RoutingTable(string tenant) => $"{Tenant(tenant)}/routing";

    /// <summary>
    /// The stream of one event: what it was and every routing decision about it. Created at expected version 0, so
    /// the database itself refuses a second copy of an event id (dedup that survives restarts).
    /// </summary>
    public static string EventStream(string tenant, string eventId) => $"event/{tenant}/{eventId}";

    public static string TenantOf(string identity) => identity[..identity.IndexOf('/', StringComparison.Ordinal)];

    private static string Tenant(string tenant) =>
        GrainIds.IsTenant(tenant) ? tenant : throw new ArgumentException($"'{tenant}' is not a valid tenant.", nameof(tenant));
}
