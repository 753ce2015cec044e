namespace EDRS.Benchmarks.Faults;

/// <summary>
/// One acknowledged command, as the load generator logged it: the grain answered success, so its event must be in
/// the journal, once, at <paramref name="Version"/>.
/// </summary>
/// <param name="AttemptStarted">Stopwatch timestamp at which the successful attempt was sent.</param>
/// <param name="Acked">Stopwatch timestamp of the acknowledgement.</param>
/// <param name="Attempts">Attempts it took, all with the same request id.</param>
internal readonly record struct AckRecord(string RequestId, string PersonaId, long Version, long FactId, long AttemptStarted, long Acked, int Attempts);
