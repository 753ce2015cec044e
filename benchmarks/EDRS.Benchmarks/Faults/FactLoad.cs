using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using EDRS.Actors.Personas;
using EDRS.Grains.Contracts.Personas;
using EDRS.Grains.Runtime;
using Grpc.Core;

namespace EDRS.Benchmarks.Faults;

/// <summary>
/// Continuous write load of persona facts through one or more <see cref="IFactSender"/>s (caller i uses sender i mod n):
/// each caller sends <c>RememberFact</c>
/// commands to random personas and retries a failed one with the SAME request id (the grain's idempotency makes a
/// retry of an applied command harmless), and logs every acknowledgement and every failed attempt.
/// </summary>
internal sealed class FactLoad
{
    public const string Tenant = "faults";

    /// <summary>People each persona learns about; four subjects each, so newer facts supersede older ones and state stays small.</summary>
    public static readonly string[] People = ["ana", "ben", "chen", "dara"];

    private static readonly string[] Subjects = ["coffee", "meetings", "editor", "music"];

    private readonly IReadOnlyList<IFactSender> _senders;
    private readonly IReadOnlyList<string> _personaIds;
    private readonly int _callers;
    private readonly string _runTag;
    private readonly TimeSpan _deadline;
    private readonly int _maxAttempts;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<FailedAttempt> _failures = new();
    private readonly ConcurrentQueue<string> _unresolved = new();
    private Task<List<AckRecord>[]>? _running;
    private long _acked;
    private readonly long[] _ackedBySender;

    /// <param name="deadline">Deadline of each attempt.</param>
    /// <param name="maxAttempts">Attempts per command before the caller gives up on it (its outcome then stays unknown).</param>
    public FactLoad(GrainClients clients, IReadOnlyList<string> personaIds, int callers, string runTag, TimeSpan deadline, int maxAttempts)
        : this([new GrainFactSender(clients)], personaIds, callers, runTag, deadline, maxAttempts)
    {
    }

    public FactLoad(IReadOnlyList<IFactSender> senders, IReadOnlyList<string> personaIds, int callers, string runTag, TimeSpan deadline, int maxAttempts)
    {
        _senders = senders;
        _ackedBySender = new long[senders.Count];
        _personaIds = personaIds;
        _callers = callers;
        _runTag = runTag;
        _deadline = deadline;
        _maxAttempts = maxAttempts;
    }

    /// <summary>Acknowledged commands so far.</summary>
    public long AckedCount => Interlocked.Read(ref _acked);

    /// <summary>Acknowledged commands per sender, e.g. "typed client 1,234, REST via the gateway 567".</summary>
    public string AckedBySender => string.Join(", ", _senders
        .Select((s, i) => (s.Name, Acked: Interlocked.Read(ref _ackedBySender[i])))
        .GroupBy(x => x.Name, x => x.Acked)
        .Select(g => $"{g.Key} {g.Sum():N0}"));

    /// <summary>Failed attempts so far (each retried unless the caller gave up or the load stopped).</summary>
    public IReadOnlyCollection<FailedAttempt> Failures => _failures;

    /// <summary>Request ids given up on: failed on every attempt, so whether they were applied is unknown.</summary>
    public IReadOnlyCollection<string> Unresolved => _unresolved;

    public void Start() =>
        _running = Task.WhenAll(Enumerable.Range(0, _callers).Select(i => Task.Run(() => CallerAsync(i))));

    /// <summary>Stops every caller after its current command and returns every acknowledgement.</summary>
    public async Task<List<AckRecord>> StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        var perCaller = await (_running ?? Task.FromResult(Array.Empty<List<AckRecord>>())).ConfigureAwait(false);
        return [.. perCaller.SelectMany(a => a)];
    }

    /// <summary>Hires every persona (idempotently: a repeated hire request id gets the first answer).</summary>
    public static Task HireAsync(GrainClients clients, IEnumerable<string> personaIds, string runTag) =>
        Parallel.ForEachAsync(personaIds, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (id, _) =>
        {
            var request = new HirePersonaRequest
            {
                RequestId = $"{runTag}-hire-{id}",
                PersonaId = id,
                Profile = new EDRS.Grains.Contracts.Personas.PersonaProfile { Name = $"Persona {id}", Role = "fault harness", Skills = { "remembering" } },
            };
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await clients.Persona(Tenant, id).HireAsync(request).ConfigureAwait(false);
                    return;
                }
                catch (RpcException) when (attempt < 5)
                {
                    await Task.Delay(200).ConfigureAwait(false);
                }
            }
        });

    private async Task<List<AckRecord>> CallerAsync(int caller)
    {
        var random = new Random(HashCode.Combine(_runTag, caller));
        var acks = new List<AckRecord>(4096);
        for (long sequence = 0; !_stop.IsCancellationRequested; sequence++)
        {
            var personaId = _personaIds[random.Next(_personaIds.Count)];
            var request = new RememberFactRequest
            {
                RequestId = string.Create(CultureInfo.InvariantCulture, $"{_runTag}-{caller}-{sequence}"),
                PersonaId = personaId,
                PersonId = People[random.Next(People.Length)],
                Kind = FactKind.Preference,
                Subject = Subjects[random.Next(Subjects.Length)],
                Text = string.Create(CultureInfo.InvariantCulture, $"prefers option {sequence % 10} (caller {caller}, #{sequence})"),
            };
            var sender = _senders[caller % _senders.Count];
            for (var attempt = 1; ; attempt++)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    var ack = await sender.SendAsync(request, _deadline).ConfigureAwait(false);
                    acks.Add(new AckRecord(request.RequestId, personaId, ack.Version, ack.FactId, started, Stopwatch.GetTimestamp(), attempt));
                    Interlocked.Increment(ref _acked);
                    Interlocked.Increment(ref _ackedBySender[caller % _senders.Count]);
                    break;
                }
                catch (RpcException ex)
                {
                    _failures.Enqueue(new FailedAttempt(request.RequestId, personaId, started, Stopwatch.GetTimestamp(), ex.StatusCode, ex.Status.Detail));
                    if (attempt >= _maxAttempts || _stop.IsCancellationRequested)
                    {
                        _unresolved.Enqueue(request.RequestId);
                        break;
                    }
                }
                // Back off a little: during a failover the cluster needs a moment to notice the dead member.
                try
                {
                    await Task.Delay(100, _stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    _unresolved.Enqueue(request.RequestId);
                    break;
                }
            }
        }
        return acks;
    }

    /// <summary>Writes the ack log: one line per acknowledged command.</summary>
    public static async Task WriteAckLogAsync(string path, IEnumerable<AckRecord> acks)
    {
        await using var writer = new StreamWriter(path);
        await writer.WriteLineAsync("request_id persona_id version fact_id attempts acked_at_ticks").ConfigureAwait(false);
        foreach (var a in acks)
            await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{a.RequestId} {a.PersonaId} {a.Version} {a.FactId} {a.Attempts} {a.Acked}")).ConfigureAwait(false);
    }
}
