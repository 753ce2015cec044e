using System.Buffers.Text;
using System.Globalization;
using System.Text;
using EDRS.Actors.Inbound.Routing.Events;
using EDRS.Actors.Inbound.Work;
using EDRS.Grains.Runtime;

namespace EDRS.Actors.Inbound.Routing;

/// <summary>
/// A place in a tenant's unassigned queue: the last event of a page (priority, time queued, id). Every router partition
/// orders its queue the same way (<see cref="QueueOrder"/>), so one cursor continues all of them; as text it is opaque to
/// clients (base64url).
/// </summary>
public sealed record UnassignedCursor(WorkPriority Priority, DateTimeOffset QueuedAt, string EventId)
{
    public static UnassignedCursor Of(UnassignedEventQueued queued) => new(queued.Priority, queued.QueuedAt, queued.EventId);

    public override string ToString() => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
        string.Create(CultureInfo.InvariantCulture, $"{(int)Priority}.{QueuedAt.UtcTicks}.{EventId}")));

    /// <summary>The cursor <paramref name="text"/> encodes, or null if it is not one this API made.</summary>
    public static UnassignedCursor? Parse(string text)
    {
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text));
        }
        catch (FormatException)
        {
            return null;
        }
        var parts = decoded.Split('.', 3);
        return parts.Length == 3
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var priority) && Enum.IsDefined((WorkPriority)priority)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks <= DateTimeOffset.MaxValue.UtcTicks
            && GrainIds.IsRequestId(parts[2])
                ? new UnassignedCursor((WorkPriority)priority, new DateTimeOffset(ticks, TimeSpan.Zero), parts[2])
                : null;
    }
}
