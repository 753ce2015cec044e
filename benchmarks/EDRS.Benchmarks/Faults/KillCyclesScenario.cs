using System.Diagnostics;
using System.Globalization;
using EDRS.Actors.Personas;
using EDRS.Grains.Runtime;
using EDRS.Testing;
using Proto;
using Proto.Cluster;

namespace EDRS.Benchmarks.Faults;

/// <summary>
/// The crash-consistency run: 3 member processes, the gateway process and the harness (a kindless member and the seed)
/// on 127.0.0.1, one PostgreSQL database, continuous <c>RememberFact</c> load (three quarters of the callers through the
/// harness's typed grain client, a quarter through the gateway's REST edge), and every few seconds a random member killed
/// with SIGKILL and restarted on a new port. At the end every member is killed once more and fresh ones re-activate
/// every persona; then the journal is audited straight from PostgreSQL.
/// </summary>
internal static class KillCyclesScenario
{
    private const int MemberCount = 3;
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(5);

    /// <summary>Personas of the killed member whose failover is measured per kill.</summary>
    private const int ProbesPerKill = 32;

    /// <summary>Personas located before each kill (a sample keeps the lookups light right when the cluster is busiest).</summary>
    private const int LocateSample = 160;

    /// <returns>True when nothing acknowledged was lost or duplicated, no stream forked and every grain re-activated to its journal's state.</returns>
    public static async Task<bool> RunAsync(FaultsOptions options, FaultsRun run)
    {
        var total = Stopwatch.StartNew();
        var runTag = "k" + DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
        var personaIds = Enumerable.Range(0, options.Personas).Select(i => $"p{i:D5}").ToArray();
        Console.WriteLine($"faults: {options.Cycles} kill -9 cycles; {MemberCount} EDRS.Hosts.Member processes + 1 EDRS.Hosts.Gateway + the harness (seed, no kinds) " +
                          $"on 127.0.0.1; {options.Personas:N0} personas, {options.Callers} callers, deadline {CallDeadline.TotalSeconds:0} s per attempt; logs in {run.Folder}");

        var database = await TestDatabase.CreateAsync("faults").ConfigureAwait(false);
        var members = new List<MemberProcess>();
        var keepDatabase = false;
        HarnessMember? harness = null;
        FaultsGateway? gateway = null;
        try
        {
            harness = await HarnessMember.StartSeedAsync($"faults-{runTag}", database.ConnectionString, CallDeadline, run.HeartbeatExpiration).ConfigureAwait(false);
            for (var i = 0; i < MemberCount; i++)
                members.Add(await harness.StartMemberAsync(run, $"member{i}", database.ConnectionString).ConfigureAwait(false));
            gateway = await FaultsGateway.StartAsync(run, harness, database.ConnectionString, CallDeadline).ConfigureAwait(false);
            Task JoinedAsync() => harness.SuperviseUntilJoinedAsync(run, members, database.ConnectionString, [gateway.Address], JoinTimeout);
            await JoinedAsync().ConfigureAwait(false);
            Console.WriteLine($"  cluster up in {total.Elapsed.TotalSeconds:0.0} s: members {string.Join(", ", members.Select(m => m.Address))}, gateway {gateway.Address}");

            await FactLoad.HireAsync(harness.Grains, personaIds, runTag).ConfigureAwait(false);
            var grains = new GrainFactSender(harness.Grains);
            var load = new FactLoad([grains, grains, grains, gateway.Sender], personaIds, options.Callers, runTag, CallDeadline, maxAttempts: 20);
            load.Start();
            await Task.Delay(TimeSpan.FromSeconds(2)).ConfigureAwait(false);

            var random = new Random();
            var cycles = new List<KillCycle>();
            var failover = new List<double>();
            var unrecovered = 0;
            var kind = PersonaKind.Registration.Kind;
            var identities = personaIds.Select(id => (Id: id, Identity: ClusterIdentity.Create(GrainIdentity.Of("persona", FactLoad.Tenant, id).ClusterIdentity, kind))).ToArray();
            // A cluster fault the harness did not cause (a member blocked, one that never rejoins) ends the cycles, but the
            // journal is still audited: what was acknowledged until then must be there, once.
            Exception? clusterFault = null;
            for (var cycle = 1; cycle <= options.Cycles && clusterFault is null; cycle++)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(random.Next(2_000, 4_000))).ConfigureAwait(false);
                    // Where each persona lives right now (the identity lookup's answer). A restarted member hosts nothing
                    // until others die (activations never move back), so the victim is drawn among members that host
                    // personas: a kill that no persona notices would prove nothing.
                    var routed = await LocateAsync(harness, [.. identities.OrderBy(_ => random.Next()).Take(LocateSample)]).ConfigureAwait(false);
                    var hosting = Enumerable.Range(0, members.Count).Where(i => routed[members[i].Address].Any()).ToArray();
                    var index = hosting.Length > 0 ? hosting[random.Next(hosting.Length)] : random.Next(members.Count);
                    var victim = members[index];
                    var onVictim = routed[victim.Address].ToArray();
                    var ackedBefore = load.AckedCount;
                    var victimPid = victim.ProcessId;
                    var killedAt = Stopwatch.GetTimestamp();
                    victim.KillHard();
                    var probes = FailoverProbe.MeasureAsync(harness.Grains, onVictim.OrderBy(_ => random.Next()).Take(ProbesPerKill), killedAt);
                    await victim.WaitForExitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
                    await victim.DisposeAsync().ConfigureAwait(false);
                    var replacement = await harness.StartMemberAsync(run, $"member{index}", database.ConnectionString).ConfigureAwait(false);
                    members[index] = replacement;
                    await JoinedAsync().ConfigureAwait(false);
                    replacement = members[index];
                    var rejoined = Stopwatch.GetElapsedTime(killedAt).TotalMilliseconds;
                    var samples = await probes.ConfigureAwait(false);
                    failover.AddRange(samples.Where(double.IsFinite));
                    unrecovered += samples.Count(double.IsNaN);
                    cycles.Add(new KillCycle(cycle, victim.Address, killedAt, onVictim, rejoined));
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  cycle {cycle}/{options.Cycles}: killed {victim.Address} (pid {victimPid}, {onVictim.Length} of {LocateSample} sampled personas on it); " +
                        $"replacement {replacement.Address} in the cluster after {rejoined / 1000:0.0} s; failover of {samples.Length} of its personas " +
                        $"{(samples.Any(double.IsFinite) ? $"{samples.Where(double.IsFinite).Min() / 1000:0.0}-{samples.Where(double.IsFinite).Max() / 1000:0.0} s" : "-")}; " +
                        $"acked {load.AckedCount:N0} (+{load.AckedCount - ackedBefore:N0})"));
                }
                catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
                {
                    clusterFault = ex;
                    Console.WriteLine($"  ! cycle {cycle}: the cluster did not recover: {ex.Message}");
                    foreach (var member in members)
                        Console.Error.WriteLine($"--- {member.Address} ({member.LogPath}) ---\n{member.Tail(5)}");
                }
            }

            await Task.Delay(TimeSpan.FromSeconds(3)).ConfigureAwait(false);
            var acks = await load.StopAsync().ConfigureAwait(false);
            await FactLoad.WriteAckLogAsync(Path.Combine(run.Folder, "acks.log"), acks).ConfigureAwait(false);
            var unresolved = load.Unresolved.ToArray();
            Console.WriteLine($"  load stopped: {acks.Count:N0} acked ({load.AckedBySender}), {load.Failures.Count:N0} failed attempts (retried), " +
                              $"{unresolved.Length:N0} commands given up (outcome unknown); {FailureSummary(load.Failures)}");

            if (clusterFault is not null)
            {
                var partial = await JournalAudit.RunAsync(database.ConnectionString, FactLoad.Tenant, acks, unresolved).ConfigureAwait(false);
                foreach (var example in partial.Examples)
                    Console.WriteLine($"  ! {example}");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"RESULT cycles={cycles.Count} acked={partial.Acked} lost={partial.Lost} duplicated={partial.Duplicated} forked_streams={partial.ForkedStreams} " +
                    $"failover_p50_ms={Percentiles.Of(failover, 0.5):0} failover_p99_ms={Percentiles.Of(failover, 0.99):0} cluster_fault=1"));
                keepDatabase = true;
                return false;
            }

            // Every grain is re-activated from the journal by fresh processes: all members die once more.
            foreach (var member in members)
                member.KillHard();
            foreach (var member in members)
                await member.DisposeAsync().ConfigureAwait(false);
            members.Clear();
            for (var i = 0; i < MemberCount; i++)
                members.Add(await harness.StartMemberAsync(run, $"member{i}", database.ConnectionString).ConfigureAwait(false));
            await JoinedAsync().ConfigureAwait(false);
            Console.WriteLine($"  all members killed; {MemberCount} fresh ones re-activate every persona{(harness.FailedJoins > 0 ? $" ({harness.FailedJoins} member starts never joined the seed and were replaced)" : "")}" +
                              $"{(harness.SelfExits > 0 ? $" ({harness.SelfExits} members stopped themselves after a bad join and were restarted)" : "")}");

            var audit = await JournalAudit.RunAsync(database.ConnectionString, FactLoad.Tenant, acks, unresolved).ConfigureAwait(false);
            var state = await StateCheck.RunAsync(harness.Grains, FactLoad.Tenant, audit.Folded).ConfigureAwait(false);

            Console.WriteLine($"  journal: {audit.Streams:N0} streams, {audit.Events:N0} events; {audit.Misplaced} acks at another version than the journal's; " +
                              $"{audit.UnresolvedApplied:N0} of the given-up commands had committed (once each)");
            Console.WriteLine($"  re-activation: {state.Checked:N0} personas compared with their folded journal, {state.Mismatched} mismatched, {state.Unreachable} unreachable");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  failover (kill -9 -> first successful call to a persona that lived on the victim, {failover.Count:N0} samples): " +
                $"p50 {Percentiles.Of(failover, 0.5):0} ms, p99 {Percentiles.Of(failover, 0.99):0} ms, max {(failover.Count > 0 ? failover.Max() : 0):0} ms; " +
                $"{unrecovered} not served again within a minute"));
            foreach (var example in audit.Examples.Concat(state.Examples))
                Console.WriteLine($"  ! {example}");
            Console.WriteLine($"  total {total.Elapsed.TotalSeconds:0} s");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RESULT cycles={cycles.Count} acked={audit.Acked} lost={audit.Lost} duplicated={audit.Duplicated} forked_streams={audit.ForkedStreams} " +
                $"failover_p50_ms={Percentiles.Of(failover, 0.5):0} failover_p99_ms={Percentiles.Of(failover, 0.99):0}"));

            var ok = audit.Clean && state.Clean && audit.Acked > 0 && cycles.Count == options.Cycles && unrecovered == 0;
            keepDatabase = !ok;
            return ok;
        }
        catch
        {
            keepDatabase = true;
            ScenarioCleanup.PrintTails(members, gateway);
            throw;
        }
        finally
        {
            await ScenarioCleanup.StopAsync(members, gateway, harness, database, keepDatabase).ConfigureAwait(false);
        }
    }

    private static async Task<ILookup<string?, string>> LocateAsync(HarnessMember harness, (string Id, ClusterIdentity Identity)[] identities)
    {
        var located = new (string Id, string? Address)[identities.Length];
        await Parallel.ForAsync(0, identities.Length, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, _) =>
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            PID? pid = null;
            try
            {
                pid = await harness.Cluster.GetAsync(identities[i].Identity, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
            {
                // Unknown for now: not counted on any member.
            }
            located[i] = (identities[i].Id, pid?.Address);
        }).ConfigureAwait(false);
        return located.ToLookup(x => x.Address, x => x.Id);
    }

    internal static string FailureSummary(IEnumerable<FailedAttempt> failures)
    {
        var byStatus = failures.GroupBy(f => f.Status).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count():N0}").ToArray();
        return byStatus.Length == 0 ? "no failed attempts" : "failed attempts by status: " + string.Join(", ", byStatus);
    }
}
