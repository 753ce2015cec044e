using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using EDRS.Benchmarks.DurableCommands;
using EDRS.Benchmarks.Measurement;
using EDRS.Benchmarks.Recovery;
using EDRS.Testing;

namespace EDRS.Benchmarks.Peer;

/// <summary>
/// <c>peer</c>: EDRS against Akka.NET on Akka.Persistence.Sql, in one process invocation, on the same PostgreSQL server.
/// EDRS's side IS the durable-commands benchmark's group-commit mode (called, not copied); the Akka side runs the same
/// workload: 1,000 entities, 256 concurrent callers, one event per command, the reply sent after the event is persisted,
/// the same warm-up and measured windows. Then the recovery of a 100k-event entity on both: EDRS re-activates its
/// persona from its latest snapshot plus tail; Akka replays its journal (the peer's recovery).
/// </summary>
internal static class PeerBenchmark
{
    private const int RecoveryEvents = 100_000;
    private const int SeedChunk = 1_000;
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(string[] args)
    {
        if (!BenchmarkOptions.TryParse(args, out var options, out var error) || options.Settings.Count > 0 || options.Partitioned || options.SnapshotSessionOptions is not null)
        {
            await Console.Error.WriteLineAsync($"peer: {(error.Length > 0 ? error : "only --quick is accepted")} (run without arguments for usage)").ConfigureAwait(false);
            return 2;
        }
        var quick = options.Measure < TimeSpan.FromSeconds(30);
        var total = Stopwatch.StartNew();
        Console.WriteLine(
            $"peer: EDRS vs Akka.Persistence.Sql, {DurableCommandsBenchmark.PersonaCount:N0} entities, {DurableCommandsBenchmark.CallerCount} callers, " +
            $"one event per command, reply after persist; {options.Warmup.TotalSeconds:0} s warm-up + {options.Measure.TotalSeconds:0} s measured each; " +
            $"{Environment.ProcessorCount} cores");

        using var batches = new BatchSizeListener();
        var edrs = await DurableCommandsBenchmark.RunModeAsync(DurableCommandsBenchmark.JournalMode.GroupCommit, options, batches).ConfigureAwait(false)
                   ?? throw new OperationCanceledException("EDRS's run was interrupted.");
        var akka = await RunAkkaAsync(options).ConfigureAwait(false);

        var repeats = quick ? 3 : 5;
        var edrsRecovery = await RecoveryBenchmark.MeasureAsync(RecoveryEvents, repeats).ConfigureAwait(false);
        var akkaRecovery = await AkkaRecoveryAsync(repeats).ConfigureAwait(false);

        Console.WriteLine();
        Console.WriteLine("| system | commands/s | p50 ms | p99 ms | max ms | errors | 100k-event recovery ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine(Row($"EDRS {edrs.Name}", edrs.Latency, edrs.Errors,
            $"{N(edrsRecovery.WithSnapshotMs)} (snapshot + {edrsRecovery.SnapshotTail}-event tail; {N(edrsRecovery.WithoutSnapshotMs, "0")} replaying all)"));
        Console.WriteLine(Row("Akka.Persistence.Sql (batch-size 400, parallelism 3)", akka.Latency, akka.Errors, $"{N(akkaRecovery, "0")} (replay)"));
        Console.WriteLine();
        Console.WriteLine($"EDRS: {edrs.Details}");
        Console.WriteLine($"Akka: {akka.Details}");

        var ratio = akka.Latency.PerSecond > 0 ? edrs.Latency.PerSecond / akka.Latency.PerSecond : 0;
        var recoveryRatio = edrsRecovery.WithSnapshotMs > 0 ? akkaRecovery / edrsRecovery.WithSnapshotMs : 0;
        Console.WriteLine(
            $"targets: ratio >= 2 ({N(ratio)}), EDRS p99 below Akka's ({N(edrs.Latency.P99Ms)} vs {N(akka.Latency.P99Ms)} ms), " +
            $"EDRS 100k recovery >= 50x faster ({N(recoveryRatio, "0")}x); total {total.Elapsed.TotalSeconds:0} s");
        Console.WriteLine(
            $"RESULT edrs_per_s={N(edrs.Latency.PerSecond, "0")} akka_per_s={N(akka.Latency.PerSecond, "0")} ratio={N(ratio)} " +
            $"edrs_recover_100k_ms={N(edrsRecovery.WithSnapshotMs, "0.0")} akka_recover_100k_ms={N(akkaRecovery, "0")} cores={Environment.ProcessorCount}");
        return edrs.Errors + akka.Errors == 0 ? 0 : 1;
    }

    private static async Task<PeerRun> RunAkkaAsync(BenchmarkOptions options)
    {
        var setup = Stopwatch.StartNew();
        await using var database = await TestDatabase.CreateAsync("bench_akka").ConfigureAwait(false);
        await using var peer = AkkaPeer.Start(database.ConnectionString);
        var entities = Enumerable.Range(0, DurableCommandsBenchmark.PersonaCount).Select(i => peer.Spawn($"p{i:D4}")).ToArray();
        // Every entity recovered and journaled once before measuring (EDRS's side hires its personas likewise).
        await Parallel.ForEachAsync(entities, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (entity, _) =>
            await entity.Ask<FactAck>(new RememberFact("first", "ana", "coffee", "first fact"), TimeSpan.FromSeconds(30)).ConfigureAwait(false)).ConfigureAwait(false);
        var cpu = await CpuSampler.CreateAsync(database.ConnectionString).ConfigureAwait(false);
        Console.WriteLine($"Akka.Persistence.Sql: database + actor system ready, {entities.Length:N0} entities journaled once in {setup.Elapsed.TotalSeconds:0.0} s; measuring...");

        var startedAt = Stopwatch.GetTimestamp();
        var measureFrom = startedAt + (long)(options.Warmup.TotalSeconds * Stopwatch.Frequency);
        var stopAt = measureFrom + (long)(options.Measure.TotalSeconds * Stopwatch.Frequency);
        var callers = Enumerable.Range(0, DurableCommandsBenchmark.CallerCount)
            .Select(i => Task.Run(() => CallerAsync(entities, i, measureFrom, stopAt)))
            .ToArray();
        await Task.Delay(Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), measureFrom)).ConfigureAwait(false);
        var cpu0 = cpu.Take();
        await Task.Delay(Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), stopAt)).ConfigureAwait(false);
        var cpu1 = cpu.Take();
        var results = await Task.WhenAll(callers).ConfigureAwait(false);
        var latency = LatencySummary.From(results.Select(r => r.Latencies), options.Measure);
        var errors = results.Sum(r => r.Errors);
        var (self, postgres, machine) = CpuSampler.Between(cpu0, cpu1);
        var transactions = await CountAkkaRowsAsync(database).ConfigureAwait(false);
        var details = string.Join(", ",
            $"{latency.Count:N0} commands measured, {errors} errors{(results.FirstOrDefault(r => r.FirstError is not null)?.FirstError is { } first ? $" (first: {first})" : "")}",
            $"CPU dotnet {N(self)} cores, postgres {(postgres is { } p ? N(p) : "n/a")} cores, machine busy {(machine is { } m ? N(m, "0") : "n/a")}%",
            $"{transactions:N0} journal rows in all",
            "journal config: " + string.Join(' ', peer.Hocon.Split('\n').Select(l => l.Trim())
                .Where(l => l.StartsWith("parallelism", StringComparison.Ordinal) || l.StartsWith("batch-size", StringComparison.Ordinal) || l.StartsWith("provider-name", StringComparison.Ordinal)).Distinct()));
        Console.WriteLine($"Akka.Persistence.Sql: {N(latency.PerSecond, "0")} commands/s, p99 {N(latency.P99Ms)} ms");
        return new PeerRun(latency, errors, details);
    }

    private static async Task<CallerResult> CallerAsync(IActorRef[] entities, int caller, long measureFrom, long stopAt)
    {
        // The same command stream as durable-commands' callers: random entity, one of 4 people x 4 subjects.
        string[] people = ["ana", "ben", "chen", "dara"];
        string[] subjects = ["coffee", "meetings", "editor", "music"];
        var random = new Random(caller);
        var latencies = new List<long>(100_000);
        var errors = 0;
        string? firstError = null;
        for (var sequence = 0L; ; sequence++)
        {
            var started = Stopwatch.GetTimestamp();
            if (started >= stopAt)
                break;
            var entity = entities[random.Next(entities.Length)];
            var command = new RememberFact(
                string.Create(CultureInfo.InvariantCulture, $"c{caller}-{sequence}"), people[random.Next(people.Length)],
                subjects[random.Next(subjects.Length)], string.Create(CultureInfo.InvariantCulture, $"prefers option {sequence % 10} of the list"));
            try
            {
                await entity.Ask<FactAck>(command, AskTimeout).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is AskTimeoutException or TaskCanceledException)
            {
                errors++;
                firstError ??= ex.GetType().Name;
                continue;
            }
            var ended = Stopwatch.GetTimestamp();
            if (ended >= measureFrom && ended < stopAt)
                latencies.Add(ended - started);
        }
        return new CallerResult(latencies, errors, firstError);
    }

    /// <summary>Builds one entity with 100k events, then times fresh incarnations from creation to RecoveryCompleted (median).</summary>
    private static async Task<double> AkkaRecoveryAsync(int repeats)
    {
        await using var database = await TestDatabase.CreateAsync("bench_akka_recovery").ConfigureAwait(false);
        await using var peer = AkkaPeer.Start(database.ConnectionString);
        var seeding = Stopwatch.StartNew();
        var writer = peer.Spawn("big");
        for (var done = 0; done < RecoveryEvents; done += SeedChunk)
            await writer.Ask<SeedDone>(new SeedFacts(SeedChunk), TimeSpan.FromMinutes(1)).ConfigureAwait(false);
        await writer.GracefulStop(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        Console.WriteLine($"  Akka: {RecoveryEvents:N0} events persisted in {seeding.Elapsed.TotalSeconds:0.0} s");

        var times = new List<double>();
        for (var i = 0; i < repeats; i++)
        {
            var recovered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var started = Stopwatch.GetTimestamp();
            var incarnation = peer.Spawn("big", recovered);
            await recovered.Task.WaitAsync(TimeSpan.FromMinutes(2)).ConfigureAwait(false);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            // Proves the replay produced the whole history: the next event lands right after it.
            var ack = await incarnation.Ask<FactAck>(new RememberFact($"after-{i}", "ana", "coffee", "after recovery"), TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            if (ack.SequenceNr != RecoveryEvents + i + 1)
                throw new InvalidOperationException($"Akka recovered to sequence {ack.SequenceNr - 1}, expected {RecoveryEvents + i}.");
            await incarnation.GracefulStop(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        Console.WriteLine($"  Akka: {RecoveryEvents:N0}-event replay {string.Join(" ", times.Select(t => N(t, "0")))} ms");
        return times.Order().ElementAt(times.Count / 2);
    }

    private static async Task<long> CountAkkaRowsAsync(TestDatabase database)
    {
        await using var connection = await database.OpenConnectionAsync().ConfigureAwait(false);
        await using var command = new Npgsql.NpgsqlCommand("select count(*) from journal", connection);
        return (long)(await command.ExecuteScalarAsync().ConfigureAwait(false))!;
    }

    private static string Row(string name, LatencySummary l, int errors, string recovery) =>
        $"| {name} | {N(l.PerSecond, "0")} | {N(l.P50Ms)} | {N(l.P99Ms)} | {N(l.MaxMs)} | {errors} | {recovery} |";

    private static string N(double value, string format = "0.##") => value.ToString(format, CultureInfo.InvariantCulture);

    private sealed record CallerResult(List<long> Latencies, int Errors, string? FirstError);

    private sealed record PeerRun(LatencySummary Latency, int Errors, string Details);
}
