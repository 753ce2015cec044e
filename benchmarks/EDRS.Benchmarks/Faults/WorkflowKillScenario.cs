using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using EDRS.Benchmarks.Workflows;
using EDRS.Testing;
using EDRS.Testing.Http;

namespace EDRS.Benchmarks.Faults;

/// <summary>
/// Durable workflows under kill -9: 3 member processes, the gateway process and the harness (the seed) on 127.0.0.1, a
/// recording HTTP server in the harness that the tool steps call. Runs of tool → tool → wait → signal → tool are started
/// through the gateway's REST edge at a steady pace while a random member is killed with SIGKILL and restarted every few
/// seconds; the harness sends each run its signal a little after the start. Then the journal (PostgreSQL) and the
/// recording server are audited (<see cref="WorkflowAudit"/>).
/// </summary>
internal static class WorkflowKillScenario
{
    private const int MemberCount = 3;
    private const double WaitSeconds = 1.5;
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long every run may take to end after the last kill: a reminder claimed by a member that was then killed is
    /// claimed again only when its lease (30 s) runs out, and a crashed executor is woken by its safety reminder (5 s).
    /// </summary>
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(150);

    public static async Task<bool> RunAsync(FaultsOptions options, FaultsRun run)
    {
        var total = Stopwatch.StartNew();
        // The harness serves every tool call and keeps hundreds of runs' requests in flight: threads from the start, not
        // injected one by one while the seed's own heartbeats wait behind them.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(io, 64));
        var runTag = "w" + DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
        Console.WriteLine($"faults --workflows: {options.Workflows:N0} runs of tool → tool → wait {WaitSeconds} s → signal → tool, {options.Cycles} kill -9 cycles; " +
                          $"{MemberCount} EDRS.Hosts.Member processes + 1 EDRS.Hosts.Gateway + the harness (seed, recording HTTP server) on 127.0.0.1; logs in {run.Folder}");
        var database = await TestDatabase.CreateAsync("faultswf").ConfigureAwait(false);
        var members = new List<MemberProcess>();
        var keepDatabase = false;
        HarnessMember? harness = null;
        FaultsGateway? gateway = null;
        await using var server = await RecordingHttpServer.StartAsync().ConfigureAwait(false);
        // 50-250 ms per call (a slow receiver) widen the window in which a kill lands between a tool's effect and its
        // journaled end, so the crashed attempt is run again under the same key.
        server.Respond = _ => new ScriptedResponse(Delay: TimeSpan.FromMilliseconds(Random.Shared.Next(50, 250)));
        try
        {
            harness = await HarnessMember.StartSeedAsync($"faults-{runTag}", database.ConnectionString, CallDeadline, run.HeartbeatExpiration).ConfigureAwait(false);
            for (var i = 0; i < MemberCount; i++)
                members.Add(await harness.StartMemberAsync(run, $"member{i}", database.ConnectionString).ConfigureAwait(false));
            gateway = await FaultsGateway.StartAsync(run, harness, database.ConnectionString, CallDeadline).ConfigureAwait(false);
            Task JoinedAsync() => harness.SuperviseUntilJoinedAsync(run, members, database.ConnectionString, [gateway.Address], JoinTimeout);
            await JoinedAsync().ConfigureAwait(false);
            var rest = new WorkflowRest(gateway.Http, gateway.Token);
            await rest.RegisterToolAsync(BenchTemplates.ToolBody(server.BaseUrl)).ConfigureAwait(false);
            await rest.RegisterTemplateAsync(BenchTemplates.TemplateBody(BenchTemplates.WithSignal, WaitSeconds)).ConfigureAwait(false);
            Console.WriteLine($"  cluster up in {total.Elapsed.TotalSeconds:0.0} s: members {string.Join(", ", members.Select(m => m.Address))}, gateway {gateway.Address}");

            // One batch of starts per kill (and one after the last): each kill lands 1-4 s into a batch, on runs in every
            // stage, however long the last replacement took to join.
            var load = new WorkflowLoad(rest, runTag, options.Workflows, options.Cycles + 1);
            var loading = load.RunAsync();
            var kills = 0;
            var random = new Random();
            for (var cycle = 1; cycle <= options.Cycles; cycle++)
            {
                load.Release();
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(1_000, 4_000))).ConfigureAwait(false);
                var index = random.Next(members.Count);
                var victim = members[index];
                var killedAt = Stopwatch.GetTimestamp();
                victim.KillHard();
                await victim.WaitForExitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
                await victim.DisposeAsync().ConfigureAwait(false);
                kills++;
                members[index] = await harness.StartMemberAsync(run, $"member{index}", database.ConnectionString).ConfigureAwait(false);
                await JoinedAsync().ConfigureAwait(false);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  cycle {cycle}/{options.Cycles}: killed {victim.Address}; replacement {members[index].Address} in the cluster after " +
                    $"{Stopwatch.GetElapsedTime(killedAt).TotalSeconds:0.0} s; started {load.Started:N0}, signalled {load.Signalled:N0}, tool calls {server.Requests.Count:N0}"));
            }
            load.Release();
            await loading.ConfigureAwait(false);
            Console.WriteLine($"  load done: {load.Started:N0} runs started, {load.Signalled:N0} signalled, {load.Retries:N0} start/signal requests retried " +
                              $"({load.RetryReasons}), {load.GivenUp} given up; waiting for every run to end");
            var settled = Stopwatch.StartNew();
            var ended = await Eventually.ValueAsync(() => WorkflowJournal.CountFinishedAsync(database.ConnectionString, FactLoad.Tenant),
                    n => n >= load.Started, "every run to end", SettleTimeout, TimeSpan.FromMilliseconds(500))
                .ContinueWith(t => t.IsCompletedSuccessfully, TaskScheduler.Default).ConfigureAwait(false);
            Console.WriteLine($"  {(ended ? "every run ended" : "NOT every run ended")} {settled.Elapsed.TotalSeconds:0.0} s after the load");

            var audit = await WorkflowAudit.RunAsync(database.ConnectionString, FactLoad.Tenant, load.WorkflowIds, server).ConfigureAwait(false);
            foreach (var example in audit.Examples)
                Console.WriteLine($"  ! {example}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  journal: {audit.Completed:N0} of {audit.Workflows:N0} completed, {audit.DuplicateSteps} steps completed more than once, {audit.FailedAttempts} failed attempts retried; " +
                $"tool calls {server.Requests.Count:N0} for {audit.Effects:N0} effects ({audit.RepeatedDeliveries} repeated deliveries with the same key), " +
                $"{audit.MissingEffects} journaled tool steps without their effect; timers fired early {audit.EarlyTimers}, lateness p50 {audit.TimerLateP50:0} ms, p99 {audit.TimerLateP99:0} ms, max {audit.TimerLateMax:0} ms; " +
                $"total {total.Elapsed.TotalSeconds:0} s"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RESULT workflows={audit.Workflows} completed={audit.Completed} lost_steps={audit.LostSteps} duplicate_effects={audit.DuplicateEffects} timers_lost={audit.TimersLost} kills={kills}"));
            var ok = audit.Clean && audit.Workflows == options.Workflows && load.GivenUp == 0 && kills == options.Cycles;
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
}
