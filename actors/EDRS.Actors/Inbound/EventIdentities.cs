using System.Globalization;
using EDRS.Grains.Runtime;

namespace EDRS.Actors.Inbound;

/// <summary>The keys of the inbound side: router partitions (<c>p{n}</c>), the routing table, and per-event streams.</summary>
public static class EventIdentities
{
    /// <summary>The routing table's key within its tenant.</summary>
    public const string RoutingTableKey = "routing";

    /// <summary>The key of router partition <paramref name="partition"/>: <c>p{n}</c>.</summary>
    public static string RouterKey(int partition) => string.Create(CultureInfo.InvariantCulture, $"p{partition}");

    /// <summary>The partition a router key names, or -1 when it names none.</summary>
    public static int PartitionOf(string routerKey) =>
        routerKey.Length > 1 && routerKey[0] == 'p' && int.TryParse(routerKey.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : -1;

    /// <summary>
    /// The stream of one event: what it was and every routing decision about it (<c>event/{tenant}/{eventId}</c>). Created
    /// at expected version 0, so the database itself refuses a second copy of an event id (dedup that survives restarts).
    /// </summary>
    public static string EventStream(string tenant, string eventId) => GrainIdentity.Of("event", tenant, eventId).StreamKey;
}
