using System.Globalization;
using System.Security.Cryptography;
using System.Text;
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

    /// <summary>
    /// A UUIDv7 for an event that came without an id, derived from where it came from: its time (the UUID's time part)
    /// and <paramref name="origin"/>, something that names the one delivery (a Pulsar topic and message id), so every
    /// redelivery of that message is the same event and deduplicates.
    /// </summary>
    public static string DerivedEventId(DateTimeOffset at, string origin)
    {
        Span<byte> bytes = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(origin), bytes);
        var milliseconds = Math.Max(0, at.ToUnixTimeMilliseconds());
        for (var i = 0; i < 6; i++)
            bytes[i] = (byte)(milliseconds >> (8 * (5 - i)));
        bytes[6] = (byte)(0x70 | (bytes[6] & 0x0F)); // version 7
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F)); // RFC 9562 variant
        return new Guid(bytes[..16], bigEndian: true).ToString("D");
    }
}
