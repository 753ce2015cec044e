namespace EDRS.Benchmarks.Faults;

/// <summary>One kill -9 of a member: when (Stopwatch timestamp), which member, and the personas the harness routed to it.</summary>
internal sealed record KillCycle(int Number, string Victim, long KilledAt, IReadOnlyList<string> PersonasOnVictim, double RejoinedMs);
