using Proto;

namespace EDRS.Actors.Runtime;

/// <summary>To a stream receiver (local only): the grain at <paramref name="Grain"/> took the stream; watch it.</summary>
internal sealed record GrainStreamAccept(PID Grain);
