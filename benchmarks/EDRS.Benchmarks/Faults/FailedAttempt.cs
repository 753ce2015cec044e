using Grpc.Core;

namespace EDRS.Benchmarks.Faults;

/// <summary>One attempt of a command that did not succeed, with when it was sent and when it failed (Stopwatch timestamps).</summary>
internal readonly record struct FailedAttempt(string RequestId, string PersonaId, long Started, long Ended, StatusCode Status, string Detail);
