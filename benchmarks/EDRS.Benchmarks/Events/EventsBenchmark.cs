using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using EDRS.Actors.Inbound.Ingestion;
using EDRS.Actors.Personas;
using EDRS.Benchmarks.Measurement;
using EDRS.Grains.Contracts.Events;
using EDRS.Grains.Contracts.Personas;
using EDRS.Grains.Runtime;
using EDRS.Hosting.Cluster;
using EDRS.Hosting.Journal;
using EDRS.Testing;
using EDRS.Testing.Cluster;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EDRS.Benchmarks.Events;

/// <summary>
/// <c>events</c>: external events through the whole durable path — ingested (the edge's <see cref="EventIngestor"/>,
/// as REST, gRPC and the Pulsar bridge use it), journaled as their own stream, routed by a router partition,
/// and assigned into a persona's journaled inbox — acknowledged only after all of that. 100 personas, 10 event
/// domains (10 personas handle each), mixed priorities. Phase 1: closed loop, events/s and end-to-end latency.
/// Then every accepted event id is published again (all must be duplicates; WorkAssigned rows are counted in
/// the database). Phase 2: saturation — events offered faster than the personas work them off (each persona
/// takes its inbox's first item and completes it, at a fixed pace) — and the waiting time in the inbox per priority.
/// </summary>
internal static class EventsBenchmark
{
    private const string Tenant = "bench";

    /// <summary>The saturation phase's tenant: its own 100 personas with empty inboxes (the throughput phase's backlog would skew it).</summary>
    private const string SaturationTenant = "bench-sat";
    private const int PersonaCount = 100;
    private const int Domains = 10;
    private const int ReplaySample = 5_000;

    public static async Task<int> RunAsync(string[] args)
    {
        if (!EventsBenchmarkOptions.TryParse(args, out var options, out var error))
        {
            await Console.Error.WriteLineAsync($"events: {error} (run without arguments for usage)").ConfigureAwait(false);
            return 2;
        }
        var total = Stopwatch.StartNew();
        Console.WriteLine(
            $"events: {PersonaCount} personas over {Domains} event domains, {options.Producers} producers, priorities 5% critical / 15% high / " +
            $"60% normal / 20% low; ack after event stream + routing decision + persona inbox are committed; " +
            $"{options.Warmup.TotalSeconds:0} s warm-up + {options.Measure.TotalSeconds:0} s measured, then {options.Saturation.TotalSeconds:0} s saturation; " +
            $"{Environment.ProcessorCount} cores, load average before start {LoadAverage()}");
        await using var database = await TestDatabase.CreateAsync("bench_ev").ConfigureAwait(false);
        var host = TestMember.Create(new MemberSpec
        {
            Journal = database.ConnectionString,
            HeartbeatExpiration = null,
            Settings = options.Settings.ToDictionary(s => s.Key, s => s.Value),
        });
        await host.StartAsync().ConfigureAwait(false);
        try
        {
            var clients = host.Services.GetRequiredService<GrainClients>();
            var ingestor = host.Services.GetRequiredService<EventIngestor>();
            await HireAllAsync(clients, Tenant).ConfigureAwait(false);
            await HireAllAsync(clients, SaturationTenant).ConfigureAwait(false);
            var cpu = await CpuSampler.CreateAsync(database.ConnectionString).ConfigureAwait(false);

            // Phase 1: throughput and end-to-end latency.
            var accepted = new ConcurrentBag<BaseEvent>();
            var startedAt = Stopwatch.GetTimestamp();
            var measureFrom = startedAt + (long)(options.Warmup.TotalSeconds * Stopwatch.Frequency);
            var stopAt = measureFrom + (long)(options.Measure.TotalSeconds * Stopwatch.Frequency);
            var producers = Enumerable.Range(0, options.Producers)
                .Select(i => Task.Run(() => ProduceAsync(ingestor, i, measureFrom, stopAt, accepted)))
                .ToArray();
            await Task.Delay(Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), measureFrom)).ConfigureAwait(false);
            var cpu0 = cpu.Take();
            await Task.Delay(Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), stopAt)).ConfigureAwait(false);
            var cpu1 = cpu.Take();
            var results = await Task.WhenAll(producers).ConfigureAwait(false);
            var latency = Percentiles.Of(results.SelectMany(r => r.Latencies));
            var eventsPerSecond = latency.Count / options.Measure.TotalSeconds;
            var errors = results.Sum(r => r.Errors);
            var (self, postgres, machine) = CpuSampler.Between(cpu0, cpu1);
            Console.WriteLine(
                $"throughput: {N(eventsPerSecond, "0")} events/s, p50 {N(latency.P50)} ms, p95 {N(latency.P95)} ms, p99 {N(latency.P99)} ms, " +
                $"{errors} errors{(results.FirstOrDefault(r => r.FirstError is not null)?.FirstError is { } first ? $" (first: {first})" : "")}; " +
                $"CPU dotnet {N(self)} cores, postgres {(postgres is { } p ? N(p) : "n/a")} cores, machine busy {(machine is { } m ? N(m, "0") : "n/a")}%" +
                (machine is { } busy && postgres is { } pg ? $" (other processes {N(Math.Max(0, busy / 100 * Environment.ProcessorCount - self - pg))} cores)" : ""));

            // Dedup: publish accepted ids again; every one must be a duplicate and no persona may hold any twice.
            var replay = accepted.Take(ReplaySample).ToList();
            var replayTime = Stopwatch.StartNew();
            var replayed = await ingestor.IngestManyAsync(Tenant, [.. replay.Select(e => e.Clone())]).ConfigureAwait(false);
            replayTime.Stop();
            var notDuplicate = replayed.Count(r => r.ErrorCode != 0 || !r.Duplicate);
            var duplicateEffects = await DuplicateEffectsAsync(database.ConnectionString).ConfigureAwait(false) + notDuplicate;
            Console.WriteLine($"dedup: {replay.Count:N0} accepted events published again in {replayTime.Elapsed.TotalSeconds:0.00} s " +
                $"({N(replay.Count / Math.Max(0.001, replayTime.Elapsed.TotalSeconds), "0")}/s, each a refused version-0 append + a read of the event's stream): " +
                $"{replayed.Count(r => r.Duplicate):N0} answered as duplicates; " +
                $"work items assigned twice in the journal: {duplicateEffects - notDuplicate}");

            // Phase 2: saturation and the waiting time per priority.
            var waits = await SaturateAsync(clients, ingestor, options.Saturation, eventsPerSecond).ConfigureAwait(false);

            Console.WriteLine();
            Console.WriteLine("| measure | value |");
            Console.WriteLine("|---|---:|");
            Console.WriteLine($"| events/s (ingested → journaled → routed → in an inbox, durable) | {N(eventsPerSecond, "0")} |");
            Console.WriteLine($"| end-to-end p50 / p95 / p99 ms | {N(latency.P50)} / {N(latency.P95)} / {N(latency.P99)} |");
            Console.WriteLine($"| errors | {errors} |");
            Console.WriteLine($"| duplicate effects (of {replay.Count:N0} replays + the whole journal) | {duplicateEffects} |");
            foreach (var (priority, w) in waits.OrderByDescending(w => w.Key))
                Console.WriteLine($"| saturation: {Name(priority)} wait in inbox p50 / p95 ms ({w.Count:N0} items, {w.Censored:N0} still waiting at the end) | {N(w.P50)} / {N(w.P95)} |");
            Console.WriteLine($"| CPU dotnet / postgres / other processes (cores, phase 1) | {N(self)} / {(postgres is { } pp ? N(pp) : "n/a")} / " +
                $"{(machine is { } mb && postgres is { } pg2 ? N(Math.Max(0, mb / 100 * Environment.ProcessorCount - self - pg2)) : "n/a")} |");
            Console.WriteLine($"total run time {total.Elapsed.TotalSeconds:0.0} s, load average at the end {LoadAverage()}");
            var critical = waits.GetValueOrDefault(EventPriority.Critical)?.P95 ?? 0;
            var low = waits.GetValueOrDefault(EventPriority.Low)?.P95 ?? 0;
            Console.WriteLine(
                $"RESULT events_per_s={N(eventsPerSecond, "0")} p95_ms={N(latency.P95)} duplicate_effects={duplicateEffects} " +
                $"critical_p95_ms={N(critical)} low_p95_ms={N(low)} cores={Environment.ProcessorCount}");
            return errors == 0 && duplicateEffects == 0 ? 0 : 1;
        }
        finally
        {
            await host.StopAsync().ConfigureAwait(false);
        }
    }

    private static Task HireAllAsync(GrainClients clients, string tenant) =>
        Parallel.ForEachAsync(Enumerable.Range(0, PersonaCount), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            var id = PersonaId(i);
            var profile = new EDRS.Grains.Contracts.Personas.PersonaProfile { Name = id, Role = "benchmark", Skills = { "events" }, Handles = { $"d{i % Domains}.*" } };
            await clients.Persona(tenant, id).HireAsync(new HirePersonaRequest { RequestId = $"hire-{id}", PersonaId = id, Profile = profile }).ConfigureAwait(false);
        });

    private static string PersonaId(int i) => $"p{i:D3}";

    private static BaseEvent NewEvent(Random random, EventPriority? priority = null)
    {
        var roll = random.Next(100);
        return new BaseEvent
        {
            EventId = Guid.CreateVersion7().ToString("D"),
            Source = "benchmark",
            EventType = $"d{random.Next(Domains)}.happened",
            Priority = priority ?? (roll < 5 ? EventPriority.Critical : roll < 20 ? EventPriority.High : roll < 80 ? EventPriority.Normal : EventPriority.Low),
            Payload = "{\"n\":1}",
            OccurredAt = Timestamp.FromDateTime(DateTime.UtcNow),
        };
    }

    private static async Task<ProducerResult> ProduceAsync(EventIngestor ingestor, int producer, long measureFrom, long stopAt, ConcurrentBag<BaseEvent> accepted)
    {
        var random = new Random(producer);
        var latencies = new List<double>(4096);
        var errors = 0;
        string? firstError = null;
        while (true)
        {
            var started = Stopwatch.GetTimestamp();
            if (started >= stopAt)
                break;
            var e = NewEvent(random);
            var copy = e.Clone();
            var result = await ingestor.IngestAsync(Tenant, e).ConfigureAwait(false);
            var ended = Stopwatch.GetTimestamp();
            if (result.ErrorCode != 0 || result.Duplicate)
            {
                errors++;
                firstError ??= $"{(StatusCode)result.ErrorCode}: {result.ErrorMessage}";
                continue;
            }
            if (accepted.Count < ReplaySample)
                accepted.Add(copy);
            if (ended >= measureFrom && ended < stopAt)
                latencies.Add(Stopwatch.GetElapsedTime(started, ended).TotalMilliseconds);
        }
        return new ProducerResult(latencies, errors, firstError);
    }

    /// <summary>Work items assigned more than once for the same event (there must be none).</summary>
    private static async Task<long> DuplicateEffectsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            "select count(*) - count(distinct data->>'eventId') from mt_events where type = 'work_assigned'", connection);
        return (long)(await command.ExecuteScalarAsync().ConfigureAwait(false))!;
    }

    /// <summary>
    /// Offers events at a fixed rate that ingestion keeps up with (60% of the throughput phase's) but that is 1.5 times
    /// what the personas complete (each takes its inbox's first item and completes it at a fixed pace), and measures,
    /// per priority, the time from acknowledgement (in the inbox) until a persona took the item; items still waiting
    /// at the end count with their wait so far.
    /// </summary>
    private static async Task<Dictionary<EventPriority, WaitSummary>> SaturateAsync(
        GrainClients clients, EventIngestor ingestor, TimeSpan duration, double ingestPerSecond)
    {
        var offeredPerSecond = Math.Max(50, (int)(ingestPerSecond * 0.6));
        var capacity = offeredPerSecond / 1.5;
        var workTime = TimeSpan.FromSeconds(PersonaCount / capacity);
        var gate = new object();
        var takenEarly = new HashSet<string>(StringComparer.Ordinal);
        var arrived = new ConcurrentDictionary<string, (EventPriority Priority, long At)>();
        var waits = new ConcurrentDictionary<EventPriority, ConcurrentBag<double>>();
        using var stop = new CancellationTokenSource(duration);
        Console.WriteLine($"saturation: personas complete at most {capacity:0} items/s (one per {workTime.TotalMilliseconds:0} ms each); " +
            $"offering {offeredPerSecond} events/s (60% of the measured ingestion rate) for {duration.TotalSeconds:0} s");

        var workers = Enumerable.Range(0, PersonaCount).Select(i => Task.Run(async () =>
        {
            var persona = clients.Persona(SaturationTenant, PersonaId(i));
            while (!stop.IsCancellationRequested)
            {
                var pace = Task.Delay(workTime);
                var inbox = await persona.GetInboxAsync(new GetInboxRequest { Limit = 1 }).ConfigureAwait(false);
                if (inbox.Items.Count == 1)
                {
                    var taken = inbox.Items[0].EventId;
                    lock (gate)
                    {
                        if (arrived.TryRemove(taken, out var a))
                            waits.GetOrAdd(a.Priority, _ => []).Add(Stopwatch.GetElapsedTime(a.At).TotalMilliseconds);
                        else
                            takenEarly.Add(taken); // taken before its publisher saw the acknowledgement: it did not wait
                    }
                    await persona.CompleteWorkAsync(new CompleteWorkRequest { RequestId = $"done-{taken}", EventId = taken, Outcome = "done" }).ConfigureAwait(false);
                }
                await pace.ConfigureAwait(false);
            }
        })).ToArray();

        var random = new Random(7);
        var publishing = new List<Task>();
        var tick = TimeSpan.FromMilliseconds(20);
        var perTick = Math.Max(1, (int)(offeredPerSecond * tick.TotalSeconds));
        var next = Stopwatch.GetTimestamp();
        while (!stop.IsCancellationRequested)
        {
            for (var k = 0; k < perTick; k++)
            {
                var e = NewEvent(random);
                var priority = e.Priority;
                publishing.Add(PublishOneAsync(e, priority));
            }
            next += (long)(tick.TotalSeconds * Stopwatch.Frequency);
            var sleep = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
            if (sleep > TimeSpan.Zero)
                await Task.Delay(sleep).ConfigureAwait(false);
        }
        await Task.WhenAll(workers).ConfigureAwait(false);
        await Task.WhenAll(publishing).ConfigureAwait(false);
        var end = Stopwatch.GetTimestamp();
        var censored = new Dictionary<EventPriority, int>();
        foreach (var (_, a) in arrived)
        {
            waits.GetOrAdd(a.Priority, _ => []).Add(Stopwatch.GetElapsedTime(a.At, end).TotalMilliseconds);
            censored[a.Priority] = censored.GetValueOrDefault(a.Priority) + 1;
        }
        return waits.ToDictionary(w => w.Key, w =>
        {
            var p = Percentiles.Of(w.Value);
            return new WaitSummary(p.Count, censored.GetValueOrDefault(w.Key), p.P50, p.P95);
        });

        // The wait runs from the acknowledgement (the item is in an inbox) until a persona takes it.
        async Task PublishOneAsync(BaseEvent e, EventPriority priority)
        {
            var result = await ingestor.IngestAsync(SaturationTenant, e).ConfigureAwait(false);
            if (result.ErrorCode != 0 || result.Receipt.RoutedTo.Length == 0)
                return;
            lock (gate)
            {
                if (takenEarly.Remove(result.EventId))
                    waits.GetOrAdd(priority, _ => []).Add(0);
                else
                    arrived[result.EventId] = (priority, Stopwatch.GetTimestamp());
            }
        }
    }

    private static string Name(EventPriority priority) => priority.ToString().ToUpperInvariant();

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    private static string N(double value, string format = "0.##") => value.ToString(format, CultureInfo.InvariantCulture);

    private sealed record ProducerResult(List<double> Latencies, int Errors, string? FirstError);

    private sealed record WaitSummary(int Count, int Censored, double P50, double P95);

    private sealed record Percentiles(int Count, double P50, double P95, double P99)
    {
        public static Percentiles Of(IEnumerable<double> values)
        {
            var sorted = values.ToArray();
            Array.Sort(sorted);
            return sorted.Length == 0
                ? new Percentiles(0, 0, 0, 0)
                : new Percentiles(sorted.Length, At(sorted, 0.50), At(sorted, 0.95), At(sorted, 0.99));
        }

        private static double At(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
