using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Npgsql;

namespace EDRS.Benchmarks.Faults;

/// <summary>
/// PostgreSQL stopped mid-load and started again, on a server of its own: while it is down every write must fail
/// with UNAVAILABLE within its deadline and none may report success; afterwards nothing acknowledged is missing and
/// the cluster serves writes again by itself. Recovery is measured from the moment the server accepts connections.
/// </summary>
internal static class DatabaseOutageScenario
{
    private const int MemberCount = 2;
    private const int PersonaCount = 200;
    private const int Callers = 16;
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(2);

    /// <summary>Slack over the deadline for an answer to count as on time (scheduling on a busy 2-core machine).</summary>
    private static readonly TimeSpan DeadlineSlack = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromSeconds(30);

    public static async Task<bool> RunAsync(FaultsOptions options, FaultsRun run)
    {
        var total = Stopwatch.StartNew();
        var runTag = "o" + DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
        var (before, down, after) = options.Short ? (3, 5, 3) : (5, 10, 5);
        var server = await OutagePostgres.EnsureAsync().ConfigureAwait(false);
        var databaseName = $"outage_{DateTime.UtcNow:yyyyMMddHHmmss}_{Random.Shared.Next(0x10000):x4}";
        await ExecuteAsync(server, $"create database {databaseName}").ConfigureAwait(false);
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = databaseName }.ConnectionString;
        var personaIds = Enumerable.Range(0, PersonaCount).Select(i => $"o{i:D4}").ToArray();
        Console.WriteLine($"database outage: {MemberCount} member processes + the gateway + the harness, PostgreSQL of its own ({OutagePostgres.DataFolder}); " +
                          $"{Callers} callers over {PersonaCount} personas, deadline {CallDeadline.TotalSeconds:0} s, retries with the same request id; " +
                          $"{before} s load, {down} s down, then until recovered + {after} s");

        var members = new List<MemberProcess>();
        HarnessMember? harness = null;
        FaultsGateway? gateway = null;
        var ok = false;
        try
        {
            harness = await HarnessMember.StartSeedAsync($"outage-{runTag}", connectionString, CallDeadline, run.HeartbeatExpiration).ConfigureAwait(false);
            for (var i = 0; i < MemberCount; i++)
                members.Add(await harness.StartMemberAsync(run, $"outage{i}", connectionString).ConfigureAwait(false));
            gateway = await FaultsGateway.StartAsync(run, harness, connectionString, CallDeadline).ConfigureAwait(false);
            // Supervised, as in the kill cycles: a member whose join went wrong stops itself and is started again.
            await harness.SuperviseUntilJoinedAsync(run, members, connectionString, [gateway.Address], JoinTimeout).ConfigureAwait(false);
            await FactLoad.HireAsync(harness.Grains, personaIds, runTag).ConfigureAwait(false);

            // A quarter of the callers through the gateway's REST edge: there, "unavailable" must be a 503.
            var grains = new GrainFactSender(harness.Grains);
            var load = new FactLoad([grains, grains, grains, gateway.Sender], personaIds, Callers, runTag, CallDeadline, maxAttempts: int.MaxValue);
            load.Start();
            await Task.Delay(TimeSpan.FromSeconds(before)).ConfigureAwait(false);
            var ackedBefore = load.AckedCount;
            var stopping = Stopwatch.GetTimestamp();
            await OutagePostgres.StopAsync().ConfigureAwait(false);
            var downAt = Stopwatch.GetTimestamp();
            await Task.Delay(TimeSpan.FromSeconds(down)).ConfigureAwait(false);
            var starting = Stopwatch.GetTimestamp();
            var restarted = await OutagePostgres.EnsureAsync(new NpgsqlConnectionStringBuilder(server).Port).ConfigureAwait(false);
            var upAt = Stopwatch.GetTimestamp();
            if (new NpgsqlConnectionStringBuilder(restarted).Port != new NpgsqlConnectionStringBuilder(server).Port)
                throw new InvalidOperationException($"The outage server came back on another port ({restarted} vs {server}); the members cannot find it.");
            var preRate = ackedBefore / (double)before;

            // Recovered: the first acknowledgement of a write sent after the server was back; steady: the first
            // half-second in which the ack rate is back to half the rate before the outage.
            double? steadyMs = null;
            var previous = load.AckedCount;
            while (Stopwatch.GetElapsedTime(upAt) < RecoveryLimit && steadyMs is null)
            {
                await Task.Delay(500).ConfigureAwait(false);
                var now = load.AckedCount;
                if ((now - previous) * 2 >= preRate * 0.5)
                    steadyMs = Stopwatch.GetElapsedTime(upAt).TotalMilliseconds;
                previous = now;
            }
            await Task.Delay(TimeSpan.FromSeconds(after)).ConfigureAwait(false);
            var acks = await load.StopAsync().ConfigureAwait(false);
            await FactLoad.WriteAckLogAsync(Path.Combine(run.Folder, "outage-acks.log"), acks).ConfigureAwait(false);

            var firstAck = acks.Where(a => a.AttemptStarted >= upAt).Select(a => (long?)a.Acked).Min();
            double? firstAckMs = firstAck is { } f ? Stopwatch.GetElapsedTime(upAt, f).TotalMilliseconds : null;
            // Sent after the server was down and answered before it was started again: no such write can have committed.
            var successWhileDown = acks.Count(a => a.AttemptStarted >= downAt && a.Acked < starting);
            var failuresWhileDown = load.Failures.Where(x => x.Started >= downAt && x.Ended < starting).ToArray();
            var notUnavailable = failuresWhileDown.Where(x => x.Status != StatusCode.Unavailable).ToArray();
            var restWhileDown = failuresWhileDown.Count(x => x.Detail.StartsWith("HTTP 503", StringComparison.Ordinal));
            var limit = CallDeadline + DeadlineSlack;
            var overDeadline = load.Failures.Count(x => Stopwatch.GetElapsedTime(x.Started, x.Ended) > limit)
                               + acks.Count(a => Stopwatch.GetElapsedTime(a.AttemptStarted, a.Acked) > limit);
            var slowestWhileDown = failuresWhileDown.Length == 0 ? 0
                : failuresWhileDown.Max(x => Stopwatch.GetElapsedTime(x.Started, x.Ended).TotalMilliseconds);

            var audit = await JournalAudit.RunAsync(connectionString, FactLoad.Tenant, acks, [.. load.Unresolved]).ConfigureAwait(false);
            foreach (var member in members)
                member.KillHard();
            foreach (var member in members)
                await member.DisposeAsync().ConfigureAwait(false);
            members.Clear();
            members.Add(await harness.StartMemberAsync(run, "outage-fresh", connectionString).ConfigureAwait(false));
            // Supervised too: a fresh member whose join is refused (seen once under load: the gateway answered "we are blocked")
            // stops itself, and the harness, as its supervisor, starts another.
            await harness.SuperviseUntilJoinedAsync(run, members, connectionString, [gateway.Address], JoinTimeout).ConfigureAwait(false);
            var state = await StateCheck.RunAsync(harness.Grains, FactLoad.Tenant, audit.Folded).ConfigureAwait(false);

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  stop took {Stopwatch.GetElapsedTime(stopping, downAt).TotalMilliseconds:0} ms, start {Stopwatch.GetElapsedTime(starting, upAt).TotalMilliseconds:0} ms; " +
                $"before the outage {preRate:0} acks/s"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  while down: {failuresWhileDown.Length:N0} write attempts failed ({KillCyclesScenario.FailureSummary(failuresWhileDown)}), slowest answer " +
                $"{slowestWhileDown:0} ms; {restWhileDown:N0} of them were HTTP 503 from the gateway; {successWhileDown} reported success; {overDeadline} answers (any time) later than deadline + {DeadlineSlack.TotalMilliseconds:0} ms"));
            foreach (var x in notUnavailable.Take(3))
                Console.WriteLine($"  ! while down: {x.Status}: {x.Detail}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  recovery after PostgreSQL accepted connections again: first ack {(firstAckMs is { } fa ? $"{fa:0} ms" : "never")}, " +
                $"ack rate back to half its earlier rate after {(steadyMs is { } s ? $"{s:0} ms" : "never")}"));
            Console.WriteLine($"  journal: {acks.Count:N0} acked ({load.AckedBySender}), {audit.Events:N0} events; re-activated: {state.Checked} compared, {state.Mismatched} mismatched, {state.Unreachable} unreachable");
            foreach (var example in audit.Examples.Concat(state.Examples))
                Console.WriteLine($"  ! {example}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RESULT outage down_s={down} failed_while_down={failuresWhileDown.Length} not_unavailable={notUnavailable.Length} over_deadline={overDeadline} " +
                $"success_while_down={successWhileDown} acked={acks.Count} lost={audit.Lost} duplicated={audit.Duplicated} forked_streams={audit.ForkedStreams} " +
                $"recovery_first_ack_ms={firstAckMs ?? -1:0} recovery_ms={steadyMs ?? -1:0} seconds={total.Elapsed.TotalSeconds:0}"));

            ok = audit.Clean && state.Clean && failuresWhileDown.Length > 0 && notUnavailable.Length == 0 && overDeadline == 0
                 && successWhileDown == 0 && firstAckMs is not null && steadyMs is not null;
            return ok;
        }
        finally
        {
            foreach (var member in members)
                await member.DisposeAsync().ConfigureAwait(false);
            if (gateway is not null)
                await gateway.DisposeAsync().ConfigureAwait(false);
            if (harness is not null)
                await harness.DisposeAsync().ConfigureAwait(false);
            NpgsqlConnection.ClearAllPools();
            if (ok)
                await ExecuteAsync(server, $"drop database if exists {databaseName} with (force)").ConfigureAwait(false);
            else
                Console.Error.WriteLine($"  database {databaseName} on {server} kept for inspection");
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }
}
