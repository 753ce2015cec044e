using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace EDRS.Actors.Memory;

/// <summary>
/// One long-term memory as the grain holds it. <paramref name="PersonId"/> is the person it is about ("" for none);
/// <paramref name="Origin"/> names what it mirrors ("fact:12" for the persona's fact 12; "" for none), so a change to
/// the origin finds it. <paramref name="Supersedes"/> are the older memories this one updates; <paramref name="SupersededBy"/>
/// the newer ones that update it — a memory counts as superseded at a time only once one of those had occurred by then.
/// </summary>
public sealed record MemoryEntry(
    long Id,
    string Text,
    string PersonId,
    EntryKind Kind,
    int Importance,
    DateTimeOffset OccurredAt,
    DateTimeOffset RecordedAt,
    EntrySource Source,
    string Origin,
    ImmutableArray<long> Supersedes,
    ImmutableArray<long> SupersededBy)
{
    /// <summary>
    /// The text's embedding, unit length. Not part of the JSON snapshot: it travels in the event that recorded the memory
    /// and in the snapshot's binary attachment, so nothing is embedded twice.
    /// </summary>
    [JsonIgnore]
    public float[] Vector { get; init; } = [];

    /// <summary>An episode (session or event) expires after the retention unless it is important; see <see cref="EntrySource"/>.</summary>
    public bool IsEpisode => Source is EntrySource.Session or EntrySource.Event;

    public bool IsAbout(string personId) => PersonId.Length > 0 && string.Equals(PersonId, personId, StringComparison.Ordinal);
}
