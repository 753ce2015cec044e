using System.Diagnostics;
using System.Globalization;
using EDRS.Testing;

namespace EDRS.Benchmarks.Faults;

/// <summary>
/// A member frozen (SIGSTOP) for longer than the heartbeat expiration, then resumed (SIGCONT), under load. The others
/// rightly give it up; what must not happen is what the kill cycles once found: the resumed member, whose view of every
/// heartbeat is now stale, blocks the healthy members and the harness, and they shut down. Passes when the harness and
/// the other members stay in the cluster throughout, and the journal holds every acknowledged write exactly once.
/// </summary>
internal static class PauseScenario
{
    private const int MemberCount = 3;
    private const int PersonaCount = 200;
    private const int Callers = 16;
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan WatchAfterResume = TimeSpan.FromSeconds(12);

    public static async Task<bool> RunAsync(FaultsOptions options, FaultsRun run)
    {
        var total = Stopwatch.StartNew();
        var runTag = "z" + DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
        var pause = (run.HeartbeatExpiration ?? TimeSpan.FromSeconds(3)) + TimeSpan.FromSeconds(2);
        var personaIds = Enumerable.Range(0, PersonaCount).Select(i => $"z{i:D4}").ToArray();
        Console.WriteLine($"pause: {MemberCount} member processes + the harness, {Callers} callers over {PersonaCount} personas; one member frozen " +
                          $"(SIGSTOP) for {pause.TotalSeconds:0.#} s, past the heartbeat expiration, then resumed; the others must stay in the cluster");

        var database = await TestDatabase.CreateAsync("faults_pause").ConfigureAwait(false);
        var members = new List<MemberProcess>();
        HarnessMember? harness = null;
        var ok = false;
        try
        {
            harness = await HarnessMember.StartSeedAsync($"pause-{runTag}", database.ConnectionString, CallDeadline, run.HeartbeatExpiration).ConfigureAwait(false);
            for (var i = 0; i < MemberCount; i++)
                members.Add(await harness.StartMemberAsync(run, $"pause{i}", database.ConnectionString).ConfigureAwait(false));
            await harness.WaitForMembersAsync([.. members.Select(m => m.Address)], JoinTimeout).ConfigureAwait(false);
            await FactLoad.HireAsync(harness.Grains, personaIds, runTag).ConfigureAwait(false);
            var load = new FactLoad(harness.Grains, personaIds, Callers, runTag, CallDeadline, maxAttempts: 20);
            load.Start();
            await Task.Delay(TimeSpan.FromSeconds(3)).ConfigureAwait(false);

            var victim = members[Random.Shared.Next(members.Count)];
            var healthy = members.Where(m => m != victim).ToArray();
            victim.Pause();
            await Task.Delay(pause).ConfigureAwait(false);
            victim.Resume();
            var resumedAt = Stopwatch.GetTimestamp();

            // Watch: a healthy member that leaves the harness's view, or exits, or the harness's own actor system stopping.
            var healthyLeft = new HashSet<string>();
            var harnessStopped = false;
            while (Stopwatch.GetElapsedTime(resumedAt) < WatchAfterResume)
            {
                foreach (var member in healthy.Where(m => m.HasExited || !harness.Sees(m.Address)))
                    healthyLeft.Add(member.Address);
                harnessStopped |= harness.Cluster.System.Shutdown.IsCancellationRequested;
                await Task.Delay(100).ConfigureAwait(false);
            }
            var victimExited = victim.HasExited;
            var victimStillMember = harness.Sees(victim.Address);

            var acks = await load.StopAsync().ConfigureAwait(false);
            await FactLoad.WriteAckLogAsync(Path.Combine(run.Folder, "pause-acks.log"), acks).ConfigureAwait(false);
            var audit = await JournalAudit.RunAsync(database.ConnectionString, FactLoad.Tenant, acks, [.. load.Unresolved]).ConfigureAwait(false);

            // Every persona, re-activated by fresh members, has its journal's state.
            foreach (var member in members)
                member.KillHard();
            foreach (var member in members)
                await member.DisposeAsync().ConfigureAwait(false);
            members.Clear();
            StateCheckResult? state = null;
            if (!harnessStopped)
            {
                for (var i = 0; i < 2; i++)
                    members.Add(await harness.StartMemberAsync(run, $"pause-fresh{i}", database.ConnectionString).ConfigureAwait(false));
                await harness.WaitForMembersAsync([.. members.Select(m => m.Address)], JoinTimeout).ConfigureAwait(false);
                state = await StateCheck.RunAsync(harness.Grains, FactLoad.Tenant, audit.Folded).ConfigureAwait(false);
            }

            Console.WriteLine($"  froze {victim.Address} for {pause.TotalSeconds:0.#} s; afterwards it {(victimExited ? "exited by itself (the others had blocked it)" : victimStillMember ? "was still a member" : "was out of the cluster, process still running")}; " +
                              $"healthy members that left: {(healthyLeft.Count == 0 ? "none" : string.Join(", ", healthyLeft))}; harness {(harnessStopped ? "STOPPED (blocked)" : "still a member")}");
            Console.WriteLine($"  load: {acks.Count:N0} acked, {load.Failures.Count:N0} failed attempts (retried), {load.Unresolved.Count} given up; {KillCyclesScenario.FailureSummary(load.Failures)}");
            Console.WriteLine($"  journal: {audit.Events:N0} events in {audit.Streams} streams; re-activated: " +
                              (state is null ? "not checked (harness stopped)" : $"{state.Checked} compared, {state.Mismatched} mismatched, {state.Unreachable} unreachable"));
            foreach (var example in audit.Examples.Concat(state?.Examples ?? []))
                Console.WriteLine($"  ! {example}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RESULT pause paused_ms={pause.TotalMilliseconds:0} healthy_left={healthyLeft.Count} harness_blocked={(harnessStopped ? 1 : 0)} " +
                $"acked={acks.Count} lost={audit.Lost} duplicated={audit.Duplicated} forked_streams={audit.ForkedStreams} seconds={total.Elapsed.TotalSeconds:0}"));

            ok = healthyLeft.Count == 0 && !harnessStopped && audit.Clean && acks.Count > 0 && state is { Clean: true };
            return ok;
        }
        finally
        {
            foreach (var member in members)
                await member.DisposeAsync().ConfigureAwait(false);
            if (harness is not null)
                await harness.DisposeAsync().ConfigureAwait(false);
            if (ok)
                await database.DisposeAsync().ConfigureAwait(false);
            else
                Console.Error.WriteLine($"  database {database.Name} kept for inspection");
        }
    }
}
