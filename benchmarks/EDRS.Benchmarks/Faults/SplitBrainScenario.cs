using System.Diagnostics;
using System.Globalization;
using EDRS.Actors.Personas;
using EDRS.Grains.Contracts.Personas;
using EDRS.Testing;
using Grpc.Core;

namespace EDRS.Benchmarks.Faults;

/// <summary>
/// Split brain across processes: two clusters (different seeds and names, so they never see each other), each with a
/// member process, activate the same personas on one database and write to them at the same time. The journal's
/// expected-version check must keep every stream linear, and the side that loses a race must be told (ABORTED),
/// never answered success for a write that is not in the journal.
/// </summary>
internal static class SplitBrainScenario
{
    private const int PersonaCount = 4;
    private const int CallersPerSide = 8;
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(5);

    public static async Task<bool> RunAsync(FaultsOptions options, FaultsRun run)
    {
        var total = Stopwatch.StartNew();
        var runTag = "s" + DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
        var writeFor = TimeSpan.FromSeconds(options.Short ? 5 : 20);
        var personaIds = Enumerable.Range(0, PersonaCount).Select(i => $"split{i}").ToArray();
        Console.WriteLine($"split brain: two clusters that cannot see each other (each: the harness as seed + 1 member process), one database; " +
                          $"{PersonaCount} personas written from both sides, {CallersPerSide} callers per side, {writeFor.TotalSeconds:0} s");

        var database = await TestDatabase.CreateAsync("faults_split").ConfigureAwait(false);
        HarnessMember? left = null, right = null;
        MemberProcess? leftMember = null, rightMember = null, fresh = null;
        var ok = false;
        try
        {
            left = await HarnessMember.StartSeedAsync($"split-a-{runTag}", database.ConnectionString, CallDeadline, run.HeartbeatExpiration).ConfigureAwait(false);
            right = await HarnessMember.StartSeedAsync($"split-b-{runTag}", database.ConnectionString, CallDeadline, run.HeartbeatExpiration).ConfigureAwait(false);
            leftMember = await left.StartMemberAsync(run, "split-a", database.ConnectionString).ConfigureAwait(false);
            rightMember = await right.StartMemberAsync(run, "split-b", database.ConnectionString).ConfigureAwait(false);
            await left.WaitForMembersAsync([leftMember.Address], JoinTimeout).ConfigureAwait(false);
            await right.WaitForMembersAsync([rightMember.Address], JoinTimeout).ConfigureAwait(false);
            if (left.Sees(rightMember.Address) || right.Sees(leftMember.Address))
                throw new InvalidOperationException("The two clusters see each other: this is no split brain.");

            await FactLoad.HireAsync(left.Grains, personaIds, runTag).ConfigureAwait(false);
            foreach (var id in personaIds) // an activation of every persona on the other side too
                await right.Grains.Persona(FactLoad.Tenant, id).GetPersonaAsync(new GetPersonaRequest()).ResponseAsync.ConfigureAwait(false);

            // One attempt per command: what each caller is told is exactly what is checked against the journal.
            var leftLoad = new FactLoad(left.Grains, personaIds, CallersPerSide, runTag + "a", CallDeadline, maxAttempts: 1);
            var rightLoad = new FactLoad(right.Grains, personaIds, CallersPerSide, runTag + "b", CallDeadline, maxAttempts: 1);
            leftLoad.Start();
            rightLoad.Start();
            await Task.Delay(writeFor).ConfigureAwait(false);
            var leftAcks = await leftLoad.StopAsync().ConfigureAwait(false);
            var rightAcks = await rightLoad.StopAsync().ConfigureAwait(false);
            var failures = leftLoad.Failures.Concat(rightLoad.Failures).ToArray();
            var conflicts = failures.Where(f => f.Status == StatusCode.Aborted).ToArray();
            var unclear = failures.Where(f => f.Status != StatusCode.Aborted).ToArray();
            var acks = leftAcks.Concat(rightAcks).ToArray();
            await FactLoad.WriteAckLogAsync(Path.Combine(run.Folder, "split-brain-acks.log"), acks).ConfigureAwait(false);

            var conflictsApplied = await JournalAudit.CountCommittedAsync(database.ConnectionString, [.. conflicts.Select(c => c.RequestId)]).ConfigureAwait(false);
            var unclearMessages = conflicts.Count(c => !c.Detail.Contains("another activation", StringComparison.OrdinalIgnoreCase));
            var audit = await JournalAudit.RunAsync(
                database.ConnectionString, FactLoad.Tenant, acks, [.. leftLoad.Unresolved.Concat(rightLoad.Unresolved)]).ConfigureAwait(false);

            // Both sides' activations go; a fresh member re-activates every persona from the journal alone.
            leftMember.KillHard();
            rightMember.KillHard();
            fresh = await left.StartMemberAsync(run, "split-fresh", database.ConnectionString).ConfigureAwait(false);
            await left.WaitForMembersAsync([fresh.Address], JoinTimeout).ConfigureAwait(false);
            var state = await StateCheck.RunAsync(left.Grains, FactLoad.Tenant, audit.Folded).ConfigureAwait(false);

            Console.WriteLine($"  side A acked {leftAcks.Count:N0}, side B acked {rightAcks.Count:N0}; {conflicts.Length:N0} ABORTED (version conflict), " +
                              $"{conflictsApplied} of them in the journal, {unclearMessages} without a clear conflict message; " +
                              $"{unclear.Length} other failures{(unclear.Length > 0 ? $" ({KillCyclesScenario.FailureSummary(unclear)})" : "")}");
            Console.WriteLine($"  journal: {audit.Events:N0} events in {audit.Streams} streams; re-activated on a fresh member: {state.Checked} compared, " +
                              $"{state.Mismatched} mismatched, {state.Unreachable} unreachable");
            if (conflicts.Length > 0)
                Console.WriteLine($"  a loser was told: {conflicts[0].Status}: {conflicts[0].Detail}");
            foreach (var example in audit.Examples.Concat(state.Examples))
                Console.WriteLine($"  ! {example}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RESULT split_brain acked_a={leftAcks.Count} acked_b={rightAcks.Count} conflicts={conflicts.Length} conflicts_applied={conflictsApplied} " +
                $"lost={audit.Lost} duplicated={audit.Duplicated} forked_streams={audit.ForkedStreams} seconds={total.Elapsed.TotalSeconds:0}"));

            // Both sides must really have written (or this proves nothing), and have lost races to each other.
            ok = audit.Clean && state.Clean && leftAcks.Count > 0 && rightAcks.Count > 0 && conflicts.Length > 0
                 && conflictsApplied == 0 && unclearMessages == 0;
            return ok;
        }
        finally
        {
            foreach (var member in new[] { leftMember, rightMember, fresh })
            {
                if (member is not null)
                    await member.DisposeAsync().ConfigureAwait(false);
            }
            foreach (var harness in new[] { left, right })
            {
                if (harness is not null)
                    await harness.DisposeAsync().ConfigureAwait(false);
            }
            if (ok)
                await database.DisposeAsync().ConfigureAwait(false);
            else
                Console.Error.WriteLine($"  database {database.Name} kept for inspection");
        }
    }
}
