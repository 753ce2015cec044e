using System.Diagnostics;
using System.Globalization;
using EDRS.Actors.Personas;
using EDRS.Benchmarks.Measurement;
using EDRS.Grains.Contracts.Personas;
using EDRS.Grains.Runtime;
using EDRS.Hosting.Cluster;
using EDRS.Hosting.Journal;
using EDRS.Persistence;
using EDRS.Persistence.Journal;
using EDRS.Persistence.Snapshots;
using EDRS.Testing;
using EDRS.Testing.Cluster;
using Grpc.Core;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using ProfileMessage = EDRS.Grains.Contracts.Personas.PersonaProfile;

namespace EDRS.Benchmarks.DurableCommands;

/// <summary>
/// <c>durable-commands</c>: persona <c>RememberFact</c> commands through the cluster, each acknowledged
/// only after its event is committed (fsync on), from 256 concurrent callers over 1,000 grains. Runs the
/// member's group-commit journal, then one Marten transaction per command, each on a fresh database
/// in a real host, and prints throughput, latency percentiles and the average group-commit size.
/// </summary>
internal static class DurableCommandsBenchmark
{
    private const string Tenant = "bench";
    internal const int PersonaCount = 1_000;
    internal const int CallerCount = 256;
    private const int HireParallelism = 64;

    // A few (person, subject) pairs per persona: new facts supersede old ones, so state stays small.
    private static readonly string[] People = ["ana", "ben", "chen", "dara"];
    private static readonly string[] Subjects = ["coffee", "meetings", "editor", "music"];
    private static readonly string[] PersonaIds = [.. Enumerable.Range(0, PersonaCount).Select(i => $"p{i:D4}")];

    public static async Task<int> RunAsync(string[] args)
    {
        if (!BenchmarkOptions.TryParse(args, out var options, out var error))
        {
            await Console.Error.WriteLineAsync($"durable-commands: {error} (run without arguments for usage)").ConfigureAwait(false);
            return 2;
        }

        var total = Stopwatch.StartNew();
        Console.WriteLine(
            $"durable-commands: {PersonaCount:N0} persona grains, {CallerCount} callers, one RememberFact event per command, " +
            $"ack after commit; {options.Warmup.TotalSeconds:0} s warm-up + {options.Measure.TotalSeconds:0} s measured per mode; " +
            $"{Environment.ProcessorCount} cores, server GC {System.Runtime.GCSettings.IsServerGC}");
        foreach (var (key, value) in options.Settings)
            Console.WriteLine($"  --set {key}={value}");
        if (options.Partitioned)
            Console.WriteLine("  diagnostic --partitioned: each caller owns its own personas (no waiting behind another command on a grain)");
        if (options.SnapshotSessionOptions is { } snapshotOptions)
            Console.WriteLine($"  diagnostic --snapshot-pg-options: snapshots written in sessions with '{snapshotOptions}' (events unchanged)");

        using var batches = new BatchSizeListener();
        var group = await RunModeAsync(JournalMode.GroupCommit, options, batches).ConfigureAwait(false);
        var naive = group is null ? null : await RunModeAsync(JournalMode.SessionPerCommand, options, batches).ConfigureAwait(false);
        if (group is null || naive is null)
        {
            await Console.Error.WriteLineAsync("durable-commands: interrupted; benchmark databases dropped").ConfigureAwait(false);
            return 130;
        }

        Console.WriteLine();
        Console.WriteLine("| mode | commands/s | p50 ms | p99 ms | max ms | avg batch |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var r in new[] { group, naive })
        {
            Console.WriteLine(
                $"| {r.Name} | {N(r.Latency.PerSecond, "0")} | {N(r.Latency.P50Ms)} | {N(r.Latency.P99Ms)} | {N(r.Latency.MaxMs)} | " +
                $"{(r.AverageBatch is { } b ? N(b) : "-")} |");
        }
        Console.WriteLine();
        foreach (var r in new[] { group, naive })
            Console.WriteLine($"{r.Name}: {r.Details}");

        var ratio = naive.Latency.PerSecond > 0 ? group.Latency.PerSecond / naive.Latency.PerSecond : 0;
        Console.WriteLine($"total run time {total.Elapsed.TotalSeconds:0.0} s");
        Console.WriteLine(
            $"RESULT durable_commands_per_s={N(group.Latency.PerSecond)} p99_ms={N(group.Latency.P99Ms)} " +
            $"naive_per_s={N(naive.Latency.PerSecond)} ratio={N(ratio)} cores={Environment.ProcessorCount}");
        return group.Errors + naive.Errors == 0 ? 0 : 1;
    }

    /// <summary>Runs one mode on its own database and host; null when the host was asked to stop (Ctrl+C).</summary>
    /// <remarks>Internal: the <c>peer</c> benchmark runs EDRS's side of its comparison through this, with this benchmark's workload.</remarks>
    internal static async Task<ModeResult?> RunModeAsync(JournalMode mode, BenchmarkOptions options, BatchSizeListener batches)
    {
        var setup = Stopwatch.StartNew();
        await using var database = await TestDatabase.CreateAsync("bench_dc").ConfigureAwait(false);
        var host = TestMember.Create(MemberOn(mode, database.ConnectionString, options));
        try
        {
            await host.StartAsync().ConfigureAwait(false);
            var journal = host.Services.GetRequiredService<IOptions<JournalOptions>>().Value;
            var name = mode == JournalMode.GroupCommit
                ? $"group commit ({journal.Writers} writers x {journal.MaxBatchSize})"
                : "Marten tx per command";
            var clients = host.Services.GetRequiredService<GrainClients>();
            var stopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            var hire = Stopwatch.StartNew();
            await HireAllAsync(clients).ConfigureAwait(false);
            hire.Stop();
            var cpu = await CpuSampler.CreateAsync(database.ConnectionString).ConfigureAwait(false);
            Console.WriteLine(
                $"{name}: database + host ready and {PersonaCount:N0} personas hired in {setup.Elapsed.TotalSeconds:0.0} s " +
                $"(hiring {hire.Elapsed.TotalSeconds:0.0} s); measuring...");

            var startedAt = Stopwatch.GetTimestamp();
            var measureFrom = startedAt + (long)(options.Warmup.TotalSeconds * Stopwatch.Frequency);
            var stopAt = measureFrom + (long)(options.Measure.TotalSeconds * Stopwatch.Frequency);
            var capacity = (int)Math.Min(options.Measure.TotalSeconds * 200, 100_000);
            var callers = Enumerable.Range(0, CallerCount)
                .Select(i => Task.Run(() => CallerLoopAsync(clients, i, options.Partitioned, measureFrom, stopAt, capacity, stopping)))
                .ToArray();

            await DelayUntilAsync(measureFrom, stopping).ConfigureAwait(false);
            var batch0 = batches.Read();
            var cpu0 = cpu.Take();
            var gc0 = GcSample.Take();
            await DelayUntilAsync(stopAt, stopping).ConfigureAwait(false);
            var batch1 = batches.Read();
            var cpu1 = cpu.Take();
            var gc1 = GcSample.Take();
            var results = await Task.WhenAll(callers).ConfigureAwait(false);
            if (stopping.IsCancellationRequested)
                return null;

            var latency = LatencySummary.From(results.Select(r => r.Latencies), options.Measure);
            var errors = results.Sum(r => r.Errors);
            var (self, postgres, machine) = CpuSampler.Between(cpu0, cpu1);
            var details = string.Join(", ",
                $"{latency.Count:N0} commands measured",
                $"{errors} errors{(results.FirstOrDefault(r => r.FirstError is not null)?.FirstError is { } first ? $" (first: {first})" : "")}",
                $"CPU dotnet {N(self)} cores, postgres {(postgres is { } p ? N(p) : "n/a")} cores, machine busy {(machine is { } m ? N(m, "0") : "n/a")}%" +
                (machine is { } busy && postgres is { } pg ? $" (other processes {N(Math.Max(0, busy / 100 * Environment.ProcessorCount - self - pg))} cores)" : ""),
                $"CPU per command dotnet {PerCommandMicros(self, latency)} µs, postgres {(postgres is { } pc ? PerCommandMicros(pc, latency) : "n/a")} µs",
                $"{N((gc1.Bytes - gc0.Bytes) / 1024.0 / Math.Max(1, latency.Count), "0.0")} KB allocated per command",
                $"GCs gen0/1/2 {gc1.Gen0 - gc0.Gen0}/{gc1.Gen1 - gc0.Gen1}/{gc1.Gen2 - gc0.Gen2} pausing {N((gc1.Pause - gc0.Pause).TotalMilliseconds, "0")} ms",
                LastEphemeralGc(),
                $"{N(BatchSizeListener.Commits(batch0, batch1) / options.Measure.TotalSeconds, "0")} group commits/s");
            Console.WriteLine($"{name}: {N(latency.PerSecond, "0")} commands/s, p99 {N(latency.P99Ms)} ms");
            return new ModeResult(name, latency, BatchSizeListener.Average(batch0, batch1), errors, details);
        }
        finally
        {
            await host.StopAsync().ConfigureAwait(false);
        }
    }

    /// <summary>A single-node core member journaling through <paramref name="mode"/>.</summary>
    private static MemberSpec MemberOn(JournalMode mode, string connectionString, BenchmarkOptions options) => new()
    {
        Journal = connectionString,
        HeartbeatExpiration = null,
        Settings = options.Settings.ToDictionary(s => s.Key, s => s.Value),
        Services = services =>
        {
            if (mode == JournalMode.SessionPerCommand)
            {
                services.AddSingleton<IEventJournal>(sp => new MartenSessionJournal(
                    sp.GetRequiredService<IDocumentStore>(),
                    sp.GetRequiredService<NpgsqlDataSource>(),
                    sp.GetRequiredService<EventCodec>(),
                    sp.GetRequiredService<IOptions<JournalOptions>>().Value));
            }
            if (options.SnapshotSessionOptions is { } snapshotOptions)
            {
                // The member's snapshot store on a pool of its own whose sessions carry the given settings.
                services.AddSingleton<ISnapshotStore>(sp =>
                {
                    var journal = sp.GetRequiredService<IOptions<JournalOptions>>().Value;
                    var dataSource = JournalDataSource.Create(
                        new NpgsqlConnectionStringBuilder(journal.ConnectionString) { Options = snapshotOptions }.ConnectionString);
                    return new PostgresSnapshotStore(dataSource, journal);
                });
            }
        },
    };

    private static Task HireAllAsync(GrainClients clients) =>
        Parallel.ForEachAsync(PersonaIds, new ParallelOptions { MaxDegreeOfParallelism = HireParallelism }, async (id, _) =>
        {
            var request = new HirePersonaRequest
            {
                RequestId = $"hire-{id}",
                PersonaId = id,
                Profile = new ProfileMessage { Name = $"Persona {id}", Role = "benchmark", Skills = { "remembering" } },
            };
            await clients.Persona(Tenant, id).HireAsync(request).ConfigureAwait(false);
        });

    private static async Task<CallerResult> CallerLoopAsync(
        GrainClients clients, int caller, bool partitioned, long measureFrom, long stopAt, int capacity, CancellationToken stopping)
    {
        var random = new Random(caller);
        var latencies = new List<long>(capacity);
        var errors = 0;
        string? firstError = null;
        for (var sequence = 0L; ; sequence++)
        {
            var started = Stopwatch.GetTimestamp();
            if (started >= stopAt || stopping.IsCancellationRequested)
                break;
            var personaId = partitioned
                ? PersonaIds[caller + (CallerCount * random.Next((PersonaCount - caller + CallerCount - 1) / CallerCount))]
                : PersonaIds[random.Next(PersonaCount)];
            var request = new RememberFactRequest
            {
                RequestId = $"c{caller}-{sequence}",
                PersonaId = personaId,
                PersonId = People[random.Next(People.Length)],
                Kind = FactKind.Preference,
                Subject = Subjects[random.Next(Subjects.Length)],
                Text = $"prefers option {sequence % 10} of the list",
            };
            try
            {
                await clients.Persona(Tenant, personaId).RememberFactAsync(request).ConfigureAwait(false);
            }
            catch (RpcException ex)
            {
                errors++;
                firstError ??= $"{ex.StatusCode}: {ex.Status.Detail}";
                continue;
            }
            var ended = Stopwatch.GetTimestamp();
            if (ended >= measureFrom && ended < stopAt)
                latencies.Add(ended - started);
        }
        return new CallerResult(latencies, errors, firstError);
    }

    private static async Task DelayUntilAsync(long timestamp, CancellationToken stopping)
    {
        var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        if (remaining <= TimeSpan.Zero)
            return;
        try
        {
            await Task.Delay(remaining, stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: the callers stop too; the caller of this method reports the interruption.
        }
    }

    private static string LastEphemeralGc()
    {
        var info = GC.GetGCMemoryInfo(GCKind.Ephemeral);
        return info.Index == 0
            ? "no ephemeral GC"
            : $"last gen{info.Generation} GC paused {N(info.PauseDurations[0].TotalMilliseconds, "0.0")} ms, " +
              $"promoted {N(info.PromotedBytes / 1048576.0, "0.0")} MB, heap {N(info.HeapSizeBytes / 1048576.0, "0")} MB";
    }

    private static string PerCommandMicros(double cores, LatencySummary latency) =>
        latency.PerSecond > 0 ? N(cores / latency.PerSecond * 1e6, "0") : "n/a";

    private static string N(double value, string format = "0.##") => value.ToString(format, CultureInfo.InvariantCulture);

    internal enum JournalMode
    {
        GroupCommit,
        SessionPerCommand,
    }

    private sealed record GcSample(int Gen0, int Gen1, int Gen2, long Bytes, TimeSpan Pause)
    {
        public static GcSample Take() => new(
            GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalAllocatedBytes(), GC.GetTotalPauseDuration());
    }

    private sealed record CallerResult(List<long> Latencies, int Errors, string? FirstError);

    internal sealed record ModeResult(string Name, LatencySummary Latency, double? AverageBatch, int Errors, string Details);
}
