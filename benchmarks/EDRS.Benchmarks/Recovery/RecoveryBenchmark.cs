using System.Diagnostics;
using System.Globalization;
using EDRS.Actors.Personas;
using EDRS.Actors.Personas.Commands;
using EDRS.Actors.Personas.Events;
using EDRS.Grains.Contracts.Personas;
using EDRS.Grains.Runtime;
using EDRS.Hosting.Cluster;
using EDRS.Hosting.Journal;
using EDRS.Persistence;
using EDRS.Persistence.Journal;
using EDRS.Persistence.Snapshots;
using EDRS.Testing;
using EDRS.Testing.Cluster;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EDRS.Benchmarks.Recovery;

/// <summary>
/// <c>recovery</c>: how long a persona with 10k or 100k events takes to re-activate (passivated grain, first call),
/// with its latest snapshot (taken the way the grain takes them: at most <see cref="JournalOptions.SnapshotEvery"/> - 1
/// events behind; here the worst case) and with no snapshot at all (every event folded).
/// </summary>
internal static class RecoveryBenchmark
{
    private const string Tenant = "recovery";
    private const int AppendBatch = 500;
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(1);

    public static async Task<int> RunAsync(string[] args)
    {
        var quick = args is ["--quick"];
        if (!quick && args.Length > 0)
        {
            await Console.Error.WriteLineAsync("recovery: the only option is --quick").ConfigureAwait(false);
            return 2;
        }
        var repeats = quick ? 3 : 7;
        Console.WriteLine($"recovery: re-activation of a passivated persona (first call after idle passivation, through the cluster), " +
                          $"median of {repeats}; {Environment.ProcessorCount} cores");
        var results = new List<RecoveryResult>();
        foreach (var events in new[] { 10_000, 100_000 })
            results.Add(await MeasureAsync(events, repeats).ConfigureAwait(false));

        Console.WriteLine();
        Console.WriteLine("| events | with snapshot (tail) ms | max | without snapshot ms | max |");
        Console.WriteLine("|---:|---:|---:|---:|---:|");
        foreach (var r in results)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Events:N0} | {r.WithSnapshotMs:0.0} ({r.SnapshotTail} events) | {r.WithSnapshotMaxMs:0.0} | {r.WithoutSnapshotMs:0.0} | {r.WithoutSnapshotMaxMs:0.0} |"));
        var big = results[^1];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT recover_10k_snapshot_ms={results[0].WithSnapshotMs:0.0} recover_10k_ms={results[0].WithoutSnapshotMs:0.0} " +
            $"recover_100k_snapshot_ms={big.WithSnapshotMs:0.0} recover_100k_ms={big.WithoutSnapshotMs:0.0} target_100k_snapshot_ms=20 cores={Environment.ProcessorCount}"));
        return big.WithSnapshotMs <= 20 ? 0 : 1;
    }

    /// <summary>Builds a persona with <paramref name="eventCount"/> events on a fresh database and re-activates it repeatedly.</summary>
    public static async Task<RecoveryResult> MeasureAsync(int eventCount, int repeats)
    {
        await using var database = await TestDatabase.CreateAsync("bench_recovery").ConfigureAwait(false);
        var host = TestMember.Create(MemberOn(database.ConnectionString));
        await host.StartAsync().ConfigureAwait(false);
        try
        {
            var clients = host.Services.GetRequiredService<GrainClients>();
            var journalOptions = host.Services.GetRequiredService<IOptions<JournalOptions>>().Value;
            var personaId = $"r{eventCount}";
            var streamKey = GrainIdentity.Of(PersonaKind.Registration.Kind, Tenant, personaId).StreamKey;
            var persona = clients.Persona(Tenant, personaId);
            await persona.HireAsync(new HirePersonaRequest
            {
                RequestId = "hire",
                PersonaId = personaId,
                Profile = new EDRS.Grains.Contracts.Personas.PersonaProfile { Name = "Recovering", Role = "benchmark", Skills = { "remembering" } },
            }).ConfigureAwait(false);

            // The history: as many facts as the grain would have journaled for as many commands, and the grain's own
            // snapshot at the worst point (SnapshotEvery - 1 events before the end).
            var seeding = Stopwatch.StartNew();
            var tail = journalOptions.SnapshotEvery - 1;
            var journal = host.Services.GetRequiredService<IEventJournal>();
            var state = await SeedAsync(journal, streamKey, PersonaState.Initial, 1, eventCount - tail).ConfigureAwait(false);
            var factory = host.Services.GetRequiredService<JournaledStateFactory>();
            var snapshotter = factory.Create<PersonaState, PersonaEvent>(
                new GrainActivation(GrainIdentity.Of(PersonaKind.Registration.Kind, Tenant, personaId), TimeProvider.System),
                PersonaState.Initial, PersonaDecider.Evolve);
            await snapshotter.RecoverAsync(CancellationToken.None).ConfigureAwait(false);
            await snapshotter.SaveSnapshotAsync().ConfigureAwait(false);
            await SeedAsync(journal, streamKey, snapshotter.State, snapshotter.Version, tail).ConfigureAwait(false);
            await GiveEveryEventItsOwnCommandAsync(database.ConnectionString, streamKey).ConfigureAwait(false);
            var version = 1 + eventCount;
            Console.WriteLine($"  {eventCount:N0} events: stream written in {seeding.Elapsed.TotalSeconds:0.0} s (snapshot at version {snapshotter.Version}, tail {tail})");

            using var activations = new GrainActivations();
            var withSnapshot = await ReactivateAsync(persona, activations, version, repeats).ConfigureAwait(false);
            await using (var connection = await database.OpenConnectionAsync().ConfigureAwait(false))
            await using (var command = new NpgsqlCommand($"delete from {PostgresSnapshotStore.TableName} where stream_id = $1", connection))
            {
                command.Parameters.Add(new NpgsqlParameter { Value = streamKey });
                await command.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
            var withoutSnapshot = await ReactivateAsync(persona, activations, version, repeats).ConfigureAwait(false);
            var result = new RecoveryResult(eventCount, Median(withSnapshot), withSnapshot.Max(), Median(withoutSnapshot), withoutSnapshot.Max(), tail);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {eventCount:N0} events: with snapshot {string.Join(" ", withSnapshot.Select(x => x.ToString("0.0", CultureInfo.InvariantCulture)))} ms; " +
                $"without {string.Join(" ", withoutSnapshot.Select(x => x.ToString("0", CultureInfo.InvariantCulture)))} ms"));
            return result;
        }
        finally
        {
            await host.StopAsync().ConfigureAwait(false);
        }
    }

    /// <summary>A single-node core member; its grains passivate after <see cref="IdleTimeout"/>.</summary>
    private static MemberSpec MemberOn(string connectionString) => new()
    {
        Journal = connectionString,
        HeartbeatExpiration = null,
        Settings = new Dictionary<string, string?>
        {
            ["Grains:IdleTimeout"] = IdleTimeout.ToString("c", CultureInfo.InvariantCulture),
            // A 100k-event replay without a snapshot may take longer than the default 5 s.
            ["Grains:CallTimeout"] = "00:01:00",
            ["Cluster:ActorRequestTimeout"] = "00:01:00",
        },
    };

    /// <summary>Appends <paramref name="count"/> facts decided by the persona's own decider, in batches, after <paramref name="version"/>.</summary>
    private static async Task<PersonaState> SeedAsync(IEventJournal journal, string streamKey, PersonaState state, long version, int count)
    {
        if (state == PersonaState.Initial)
        {
            // The hire is the stream's first event: fold it, as the grain would.
            await foreach (var recorded in journal.ReadAsync(streamKey, 0).ConfigureAwait(false))
                state = PersonaDecider.Evolve(state, (PersonaEvent)recorded.Data);
        }
        var people = new[] { "ana", "ben", "chen", "dara" };
        var subjects = new[] { "coffee", "meetings", "editor", "music", "tools", "travel", "lunch", "hours" };
        var now = DateTimeOffset.UtcNow;
        for (var done = 0; done < count;)
        {
            var batch = new List<object>(AppendBatch);
            for (; batch.Count < AppendBatch && done < count; done++)
            {
                var command = new RememberFact(
                    people[done % people.Length],
                    PersonFactKind.Preference,
                    subjects[(done / people.Length) % subjects.Length],
                    $"prefers option {done % 10}, said so in message {done}",
                    "benchmark");
                var events = PersonaDecider.Decide(command, state, now);
                foreach (var e in events)
                {
                    state = PersonaDecider.Evolve(state, e);
                    batch.Add(e);
                }
            }
            await journal.AppendAsync(new AppendRequest(streamKey, version, batch, $"seed-{version}", [1])).ConfigureAwait(false);
            version += batch.Count;
        }
        return state;
    }

    /// <summary>
    /// The stream was written in batches; in production every event is its own command with its own causation id and
    /// stored reply, which recovery reads too. Give each event exactly that, so the replay reads what it would.
    /// </summary>
    private static async Task GiveEveryEventItsOwnCommandAsync(string connectionString, string streamKey)
    {
        var reply = Any.Pack(new FactAck { PersonaId = "x", PersonId = "ana", FactId = 12345, Version = 54321 }).ToByteArray();
        var headers = $$"""{"reply":"{{Convert.ToBase64String(reply)}}"}""";
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            "update mt_events set causation_id = 'cmd-' || version, headers = $2::jsonb where stream_id = $1 and version > 1", connection);
        command.CommandTimeout = 300;
        command.Parameters.Add(new NpgsqlParameter { Value = streamKey });
        command.Parameters.Add(new NpgsqlParameter { Value = headers });
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        await using var vacuum = new NpgsqlCommand("vacuum analyze mt_events", connection);
        vacuum.CommandTimeout = 300;
        await vacuum.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <summary>Waits for idle passivation, then times the first call (activation + recovery + the call), <paramref name="repeats"/> times.</summary>
    private static async Task<double[]> ReactivateAsync(
        EDRS.Grains.Contracts.Personas.PersonaGrain.PersonaGrainClient persona, GrainActivations activations, long version, int repeats)
    {
        var times = new double[repeats];
        for (var i = 0; i < repeats; i++)
        {
            await Task.Delay(IdleTimeout + TimeSpan.FromMilliseconds(700)).ConfigureAwait(false);
            var before = activations.Count;
            var started = Stopwatch.GetTimestamp();
            var view = await persona.GetPersonaAsync(new GetPersonaRequest()).ConfigureAwait(false);
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (activations.Count != before + 1)
                throw new InvalidOperationException("The measured call did not re-activate the grain (it had not passivated).");
            if (view.Version != version)
                throw new InvalidOperationException($"The re-activated persona is at version {view.Version}, its stream at {version}.");
        }
        return times;
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
