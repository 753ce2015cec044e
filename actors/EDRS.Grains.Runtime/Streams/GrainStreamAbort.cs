using Grpc.Core;

namespace EDRS.Grains.Runtime;

/// <summary>To a stream receiver (local only): end the stream with <paramref name="Status"/> and cancel the grain's handler.</summary>
internal sealed record GrainStreamAbort(Status Status, Metadata Trailers);
