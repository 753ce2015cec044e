using Google.Protobuf.WellKnownTypes;

namespace EDRS.Actors;

/// <summary>Optional times as the contracts carry them: an unset time is no <see cref="Timestamp"/> at all.</summary>
public static class ProtoTimes
{
    public static Timestamp? Of(DateTimeOffset? at) => at is { } time ? Timestamp.FromDateTimeOffset(time) : null;
}
