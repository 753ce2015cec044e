using System.Collections.Concurrent;
using EDRS.Benchmarks.Workflows;

namespace EDRS.Benchmarks.Faults;

/// <summary>
/// The fault run's workflow load: <c>count</c> runs started through REST in <c>batches</c> equal batches, each released by
/// <see cref="Release"/> and paced over <see cref="BatchSpread"/> (so the scenario can kill a member while a batch is in
/// flight, however long the last replacement took to join); each start retried with its own Idempotency-Key until the
/// gateway answers 201 (a retry addresses the same run), and each run's signal sent 0.5–4 s after its start, likewise
/// retried with a key of its own.
/// </summary>
internal sealed class WorkflowLoad(WorkflowRest rest, string runTag, int count, int batches)
{
    public static readonly TimeSpan BatchSpread = TimeSpan.FromSeconds(4);

    private const int MaxAttempts = 40;
    private static readonly TimeSpan AttemptDeadline = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<int, string> _started = new();
    private readonly SemaphoreSlim _released = new(0);
    private readonly ConcurrentDictionary<string, int> _retryReasons = new(StringComparer.Ordinal);
    private int _signalled;
    private int _retries;
    private int _givenUp;

    public int Started => _started.Count;

    public int Signalled => Volatile.Read(ref _signalled);

    public int Retries => Volatile.Read(ref _retries);

    /// <summary>Starts or signals that failed every attempt (their outcome is unknown to the harness).</summary>
    public int GivenUp => Volatile.Read(ref _givenUp);

    /// <summary>Why requests were retried, most frequent first.</summary>
    public string RetryReasons => _retryReasons.IsEmpty ? "none" : string.Join(", ", _retryReasons.OrderByDescending(r => r.Value).Select(r => $"{r.Key} {r.Value}"));

    /// <summary>The ids of the runs started (acknowledged with 201).</summary>
    public IReadOnlyCollection<string> WorkflowIds => [.. _started.Values];

    /// <summary>Lets the next batch start.</summary>
    public void Release() => _released.Release();

    public async Task RunAsync()
    {
        var runs = new List<Task>(count);
        for (var batch = 0; batch < batches; batch++)
        {
            await _released.WaitAsync().ConfigureAwait(false);
            var (first, end) = (count * batch / batches, count * (batch + 1) / batches);
            var pace = BatchSpread / Math.Max(1, end - first);
            for (var n = first; n < end; n++)
            {
                runs.Add(OneAsync(n));
                await Task.Delay(pace).ConfigureAwait(false);
            }
        }
        await Task.WhenAll(runs).ConfigureAwait(false);
    }

    private async Task OneAsync(int n)
    {
        var id = await WithRetriesAsync(token => rest.StartAsync(BenchTemplates.WithSignal, n, $"{runTag}-start-{n}", token)).ConfigureAwait(false);
        if (id is null)
            return;
        _started[n] = id;
        await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(500, 4_000))).ConfigureAwait(false);
        if (await WithRetriesAsync(async token =>
            {
                await rest.SignalAsync(id, BenchTemplates.Signal, $"{runTag}-signal-{n}", token).ConfigureAwait(false);
                return id;
            }).ConfigureAwait(false) is not null)
            Interlocked.Increment(ref _signalled);
    }

    private async Task<string?> WithRetriesAsync(Func<CancellationToken, Task<string>> call)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            using var deadline = new CancellationTokenSource(AttemptDeadline);
            try
            {
                return await call(deadline.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
            {
                Interlocked.Increment(ref _retries);
                _retryReasons.AddOrUpdate(ex is HttpRequestException { StatusCode: { } status } ? ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture) : ex.GetType().Name, 1, (_, c) => c + 1);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2_000, 100 * attempt))).ConfigureAwait(false);
            }
        }
        Interlocked.Increment(ref _givenUp);
        return null;
    }
}
