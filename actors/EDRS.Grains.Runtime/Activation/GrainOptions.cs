namespace EDRS.Grains.Runtime;

/// <summary>Settings of the grain runtime (section <c>Grains</c>; environment variables <c>Grains__...</c>).</summary>
public sealed class GrainOptions
{
    public const string Section = "Grains";

    /// <summary>A grain with no calls for this long passivates; it comes back from the journal on its next call. Default 30 minutes.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Idle timeouts of particular kinds, overriding <see cref="IdleTimeout"/> (e.g. <c>Grains__IdleTimeoutByKind__session=00:30:00</c>).
    /// Empty by default: every kind passivates after <see cref="IdleTimeout"/> (sessions after 30 minutes, as designed).
    /// </summary>
    public Dictionary<string, TimeSpan> IdleTimeoutByKind { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How long a grain of <paramref name="kind"/> stays active without calls.</summary>
    public TimeSpan IdleTimeoutOf(string kind) => IdleTimeoutByKind.TryGetValue(kind, out var timeout) ? timeout : IdleTimeout;

    /// <summary>Deadline of a grain call when the caller gives none; keep it at most the cluster's actor request timeout. Default 5 s.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long an activation may take to recover its state from the journal (snapshot and tail). Longer than a call on
    /// purpose: a recovery that outlasts the call that started it goes on, and the caller's retry finds the grain ready — if
    /// recovery were bound to the call, a state that takes longer to load than <see cref="CallTimeout"/> could never be
    /// loaded again. The quotas and the snapshot budget keep recoveries well under it. A recovery always has at least
    /// <see cref="CallTimeout"/> (<see cref="RecoveryBudget"/>). Default 60 s.
    /// </summary>
    public TimeSpan RecoveryTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a recovery may take: <see cref="RecoveryTimeout"/>, but never less than <see cref="CallTimeout"/>.</summary>
    public TimeSpan RecoveryBudget => RecoveryTimeout > CallTimeout ? RecoveryTimeout : CallTimeout;

    /// <summary>How many recent request ids (with their first answers) a grain remembers for idempotency. Default 256.</summary>
    public int RememberedRequests { get; set; } = 256;

    /// <summary>
    /// Bytes of first answers a grain remembers at most (the oldest are forgotten first; the newest is always kept). They
    /// travel in every snapshot, so this bounds the snapshot as the quotas bound the state. Default 4 MiB.
    /// </summary>
    public int RememberedRequestBytes { get; set; } = 4 << 20;

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (IdleTimeout < TimeSpan.FromSeconds(1))
            problems.Add($"Grains:IdleTimeout must be at least 1 s (was {IdleTimeout}): set Grains__IdleTimeout (e.g. 00:30:00).");
        foreach (var (kind, timeout) in IdleTimeoutByKind)
        {
            if (timeout < TimeSpan.FromSeconds(1))
                problems.Add($"Grains:IdleTimeoutByKind:{kind} must be at least 1 s (was {timeout}): set Grains__IdleTimeoutByKind__{kind}.");
        }
        if (CallTimeout < TimeSpan.FromMilliseconds(100) || CallTimeout > TimeSpan.FromMinutes(5))
            problems.Add($"Grains:CallTimeout must be 100 ms..5 min (was {CallTimeout}): set Grains__CallTimeout (e.g. 00:00:05).");
        if (RecoveryTimeout < TimeSpan.FromMilliseconds(100) || RecoveryTimeout > TimeSpan.FromMinutes(10))
            problems.Add($"Grains:RecoveryTimeout must be 100 ms..10 min (was {RecoveryTimeout}): set Grains__RecoveryTimeout (e.g. 00:01:00).");
        if (RememberedRequests is < 1 or > 100_000)
            problems.Add($"Grains:RememberedRequests must be 1..100000 (was {RememberedRequests}): set Grains__RememberedRequests.");
        if (RememberedRequestBytes is < 64 << 10 or > 64 << 20)
            problems.Add($"Grains:RememberedRequestBytes must be 64 KiB..64 MiB (was {RememberedRequestBytes}): set Grains__RememberedRequestBytes.");
        return problems;
    }
}
