using Proto;

namespace EDRS.Grains.Runtime;

/// <summary>To a stream receiver (local only): the grain at <paramref name="Grain"/> took the stream; watch it.</summary>
internal sealed record GrainStreamAccept(PID Grain);
