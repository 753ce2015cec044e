namespace EDRS.Actors.Inbound;

/// <summary>Which router partition of a tenant owns an event id; stable across processes and restarts.</summary>
public static class EventPartitions
{
    public static int Of(string eventId, int partitions)
    {
        // FNV-1a over the canonical id: string.GetHashCode is randomized per process, and the owner of an id
        // must be the same on every member and after every restart (it is where the id is deduplicated).
        var hash = 2166136261u;
        foreach (var c in eventId)
        {
            hash ^= c;
            hash *= 16777619u;
        }
        return (int)(hash % (uint)partitions);
    }
}
