using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EDRS.Benchmarks.Faults;
using EDRS.Benchmarks.Gateway;
using EDRS.Benchmarks.Measurement;
using EDRS.Testing;
using EDRS.Testing.Http;

namespace EDRS.Benchmarks.Workflows;

/// <summary>
/// <c>workflows</c>: the durable executor through the real gateway binary (single node: every kind in its process, auth
/// on, PostgreSQL) and its REST edge, tool steps calling a recording HTTP server on loopback in this process. Measures the
/// unloaded start-to-finish latency of a five-tool-step run, then steps/s with many runs of tool → tool → wait → tool →
/// tool in flight (closed loop), and the timers' lateness; each run's numbers come from its journal.
/// </summary>
internal static class WorkflowsBenchmark
{
    private const int BaselineCalls = 300;

    public static async Task<int> RunAsync(string[] args)
    {
        if (!WorkflowsOptions.TryParse(args, out var options, out var error))
        {
            await Console.Error.WriteLineAsync($"workflows: {error}").ConfigureAwait(false);
            return 2;
        }
        var total = Stopwatch.StartNew();
        await using var database = await TestDatabase.CreateAsync("workflows").ConfigureAwait(false);
        await using var server = await RecordingHttpServer.StartAsync().ConfigureAwait(false);
        await using var gateway = await GatewayProcess.StartAsync(database.ConnectionString).ConfigureAwait(false);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 128 }) { BaseAddress = new Uri(gateway.BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
        var rest = new WorkflowRest(http, gateway.Token);
        await rest.RegisterToolAsync(BenchTemplates.ToolBody(server.BaseUrl)).ConfigureAwait(false);
        await rest.RegisterTemplateAsync(BenchTemplates.TemplateBody(BenchTemplates.FiveTools, 0)).ConfigureAwait(false);
        await rest.RegisterTemplateAsync(BenchTemplates.TemplateBody(BenchTemplates.WithTimer, options.WaitSeconds)).ConfigureAwait(false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"workflows: gateway {gateway.BaseUrl} (single node, auth on), tools → {server.BaseUrl}; ready after {total.Elapsed.TotalSeconds:0.0} s; load average {LoadAverage()}"));

        var baseline = await BareToolCalls.OneAtATimeAsync(server, BaselineCalls).ConfigureAwait(false);
        var ceiling = await BareToolCalls.InFlightAsync(options.Concurrency, options.BareCalls).ConfigureAwait(false);
        var unloaded = await UnloadedAsync(rest, options.Unloaded).ConfigureAwait(false);
        var loaded = await LoadedAsync(rest, server, database.ConnectionString, gateway.Process.Id, options).ConfigureAwait(false);

        var effectKeys = server.Effects.Select(e => e.IdempotencyKey).OfType<string>().Where(k => k.StartsWith("wf:", StringComparison.Ordinal)).ToArray();
        var duplicateEffects = effectKeys.Select(k => k[..k.LastIndexOf('/')]).GroupBy(k => k, StringComparer.Ordinal).Sum(g => g.Count() - 1);
        var repeatedDeliveries = server.Requests.Count(r => r.IdempotencyKey?.StartsWith("wf:", StringComparison.Ordinal) == true) - effectKeys.Length;

        var fiveCalls = baseline.P50 * 5;
        Console.WriteLine();
        Console.WriteLine("| measure | value | baseline (same run) | ratio |");
        Console.WriteLine("|---|---:|---|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| bare tool call, loopback HTTP POST, one at a time ({BaselineCalls}) | p50 {baseline.P50:0.00} ms, p99 {baseline.P99:0.00} ms | – | – |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| five-tool-step run through REST, unloaded ({unloaded.Count}) | p50 {unloaded.P50:0.0} ms, p99 {unloaded.P99:0.0} ms | 5 bare tool calls p50 {fiveCalls:0.00} ms | {unloaded.P50 / fiveCalls:0.0}× |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| bare tool calls, {options.Concurrency} in flight (closed loop, client and server in this process) | {ceiling.CallsPerSecond:0} calls/s, CPU {ceiling.CpuPerCallMs:0.000} ms per call | – | – |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| steps/s, {options.Concurrency} runs in flight ({loaded.Steps:N0} steps in {options.Measured.TotalSeconds:0} s) | {loaded.StepsPerSecond:0} | bare tool calls, {options.Concurrency} in flight: {ceiling.CallsPerSecond:0} calls/s | {loaded.StepsPerSecond / ceiling.CallsPerSecond:0.00}× |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| run with a {options.WaitSeconds:0.###} s timer, loaded ({loaded.Runs:N0} runs) | p50 {loaded.P50:0} ms, p99 {loaded.P99:0} ms | the timer's own {options.WaitSeconds * 1000:0} ms | {loaded.P50 / (options.WaitSeconds * 1000):0.0}× |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| timer lateness (fired − due, journal), loaded ({loaded.Timers:N0}) | p50 {loaded.TimerP50:0} ms, p99 {loaded.TimerP99:0} ms | reminder poll interval 100 ms | {loaded.TimerP99 / 100:0.0}× |"));
        Console.WriteLine();
        var others = loaded.Cpu.MachineCores - loaded.Cpu.GatewayCores - loaded.Cpu.PostgresCores - loaded.Cpu.HarnessCores;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  CPU in the measured window (cores): gateway {loaded.Cpu.GatewayCores:0.00}, PostgreSQL {loaded.Cpu.PostgresCores:0.00}, this process (load, tool server) " +
            $"{loaded.Cpu.HarnessCores:0.00}, other processes {others:0.00} of {Environment.ProcessorCount}; gateway CPU per step {loaded.Cpu.GatewayCores * 1000 / Math.Max(1, loaded.StepsPerSecond):0.00} ms"));
        var cpuPerStep = (loaded.Cpu.GatewayCores + loaded.Cpu.PostgresCores + loaded.Cpu.HarnessCores) * 1000 / Math.Max(1, loaded.StepsPerSecond);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  CPU per step, gateway + PostgreSQL + this process: {cpuPerStep:0.00} ms, of which the tool call's own HTTP work (client and server, from the in-flight baseline) " +
            $"≈ {ceiling.CpuPerCallMs * BenchTemplates.ToolSteps(BenchTemplates.WithTimer) / BenchTemplates.Steps:0.00} ms; {Environment.ProcessorCount} cores at that cost carry at most {Environment.ProcessorCount * 1000 / cpuPerStep:0} steps/s"));
        // Little's law: a closed loop of n callers whose runs take t on average runs at n / t runs a second. Whether that is the
        // executor's rate or the callers' shows in the cores: idle cores mean more callers would raise it.
        var limit = loaded.Cpu.MachineCores < 0.95 * Environment.ProcessorCount
            ? "cores to spare, so the callers, not the executor, set the rate (raise --concurrency)"
            : "the cores, not the callers, set the rate";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  closed loop: {options.Concurrency} runs in flight / loaded run mean {loaded.Mean:0} ms × {BenchTemplates.Steps} steps = {options.Concurrency * 1000.0 / Math.Max(1, loaded.Mean) * BenchTemplates.Steps:0} steps/s " +
            $"with {loaded.Cpu.MachineCores:0.00} of {Environment.ProcessorCount} cores busy: {limit}"));
        Console.WriteLine($"  steps/s in each tenth of the window: {string.Join(", ", loaded.StepsPerSecondByTenth.Select(v => v.ToString("0", CultureInfo.InvariantCulture)))}");
        Console.WriteLine(loaded.StatisticsWaited is { } waited
            ? string.Create(CultureInfo.InvariantCulture, $"  journal tables analyzed with rows in them before the window (waited {waited.TotalSeconds:0} s past the {options.Warmup.TotalSeconds:0} s warm-up)")
            : $"  journal tables not yet analyzed with rows in them when the window began (waited {options.StatisticsWait.TotalSeconds:0} s past the warm-up): the window may include plans made for empty tables");
        Console.WriteLine($"  runs failed: {loaded.Failed}; start requests refused or timed out: {loaded.StartErrors}; tool effects {effectKeys.Length:N0}, " +
                          $"repeated deliveries (same key) {repeatedDeliveries}, duplicate effects (a second key for one step) {duplicateEffects}; " +
                          $"load average {LoadAverage()}; total {total.Elapsed.TotalSeconds:0} s");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT steps_per_s={loaded.StepsPerSecond:0} workflow_p50_ms={unloaded.P50:0.0} workflow_p99_ms={unloaded.P99:0.0} timer_late_p99_ms={loaded.TimerP99:0} cores={Environment.ProcessorCount}"));
        // A start refused under overload (504) is reported, not a failure; a failed run or a second effect is.
        return loaded.Failed == 0 && duplicateEffects == 0 ? 0 : 1;
    }

    /// <summary>Runs of the five-tool template one at a time: from just before the start request to the run's journaled end.</summary>
    private static async Task<(int Count, double P50, double P99)> UnloadedAsync(WorkflowRest rest, int count)
    {
        var samples = new List<double>();
        for (var i = -5; i < count; i++)
        {
            var sent = DateTimeOffset.UtcNow;
            var id = await rest.StartAsync(BenchTemplates.FiveTools, i, $"unloaded-{i}").ConfigureAwait(false);
            var (status, finished) = await Eventually.ValueAsync(() => rest.GetAsync(id), r => r.Status != "running", $"run {id} to finish",
                TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(2)).ConfigureAwait(false);
            if (status != "completed" || finished is null)
                throw new InvalidOperationException($"The unloaded run {id} ended {status}.");
            if (i >= 0)
                samples.Add((finished.Value - sent).TotalMilliseconds);
        }
        return (samples.Count, Percentiles.Of(samples, 0.5), Percentiles.Of(samples, 0.99));
    }

    private static async Task<LoadedRun> LoadedAsync(WorkflowRest rest, RecordingHttpServer server, string connectionString, int gatewayPid, WorkflowsOptions options)
    {
        // A caller starts its next run when the recording server sees its current run's last tool call: flow control only,
        // every number below is read from the journal.
        var lastCalls = new ConcurrentDictionary<int, TaskCompletionSource>();
        var lastStep = BenchTemplates.LastStep(BenchTemplates.WithTimer);
        server.Respond = request =>
        {
            if (request.Path == $"/effects/{lastStep}" && NumberOf(request.Body) is { } n && lastCalls.TryRemove(n, out var done))
                done.TrySetResult();
            return new ScriptedResponse();
        };
        var sent = new ConcurrentDictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var next = 1_000_000;
        var startErrors = 0;
        using var stop = new CancellationTokenSource();
        var callers = Enumerable.Range(0, options.Concurrency).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var n = Interlocked.Increment(ref next);
                var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                lastCalls[n] = done;
                var at = DateTimeOffset.UtcNow;
                try
                {
                    sent[await rest.StartAsync(BenchTemplates.WithTimer, n, $"loaded-{n}").ConfigureAwait(false)] = at;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref startErrors);
                    lastCalls.TryRemove(n, out var _);
                    continue;
                }
                // A run that fails never calls its last step: the caller moves on after a while (the journal counts it).
                await Task.WhenAny(done.Task, Task.Delay(TimeSpan.FromSeconds(30))).ConfigureAwait(false);
            }
        })).ToArray();
        await Task.Delay(options.Warmup).ConfigureAwait(false);
        var analyzed = await JournalStatistics.WaitUntilAnalyzedAsync(connectionString, options.StatisticsWait).ConfigureAwait(false);
        var cpu = await CpuSampler.CreateAsync(connectionString).ConfigureAwait(false);
        using var gatewayProcess = Process.GetProcessById(gatewayPid);
        var gatewayCpu = gatewayProcess.TotalProcessorTime;
        var cpu0 = cpu.Take();
        var from = DateTimeOffset.UtcNow;
        await Task.Delay(options.Measured).ConfigureAwait(false);
        var to = DateTimeOffset.UtcNow;
        var cpu1 = cpu.Take();
        gatewayProcess.Refresh();
        var gatewayCores = (gatewayProcess.TotalProcessorTime - gatewayCpu).TotalSeconds / (to - from).TotalSeconds;
        var (self, postgres, busy) = CpuSampler.Between(cpu0, cpu1);
        await stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(callers).ConfigureAwait(false);
        // Every started run ends (the callers waited for theirs) before the journal is read.
        await Eventually.ValueAsync(() => WorkflowJournal.CountFinishedAsync(connectionString, GatewayProcess.ClientId),
            finished => finished >= sent.Count + options.Unloaded + 5, "every started run to end", TimeSpan.FromSeconds(120)).ConfigureAwait(false);

        var runs = (await WorkflowJournal.ReadAsync(connectionString, GatewayProcess.ClientId).ConfigureAwait(false))
            .Where(r => sent.ContainsKey(r.WorkflowId)).ToArray();
        var stepTimes = runs.SelectMany(r => r.Successes).Where(s => s.At >= from && s.At < to).Select(s => s.At).ToArray();
        var steps = stepTimes.Length;
        var tenth = (to - from) / 10;
        var byTenth = Enumerable.Range(0, 10).Select(i => stepTimes.Count(at => at >= from + (tenth * i) && at < from + (tenth * (i + 1))) / tenth.TotalSeconds).ToArray();
        var inWindow = runs.Where(r => r.FinishedAt >= from && r.FinishedAt < to).ToArray();
        var latencies = inWindow.Select(r => (r.FinishedAt!.Value - sent[r.WorkflowId]).TotalMilliseconds).ToArray();
        var lateness = runs.Where(r => r.Successes.Any(s => s.StepId == BenchTemplates.TimerStep && s.At >= from && s.At < to))
            .Select(r => r.TimerLatenessMs(BenchTemplates.TimerStep)!.Value).ToArray();
        return new LoadedRun(steps / (to - from).TotalSeconds, steps, inWindow.Length,
            Percentiles.Of(latencies, 0.5), Percentiles.Of(latencies, 0.99), latencies.Length == 0 ? double.NaN : latencies.Average(),
            lateness.Length, Percentiles.Of(lateness, 0.5), Percentiles.Of(lateness, 0.99),
            runs.Count(r => r.Status != "completed"), startErrors,
            new CpuShare(gatewayCores, postgres ?? double.NaN, self, busy is { } b ? b / 100 * Environment.ProcessorCount : double.NaN), byTenth, analyzed);
    }

    private static int? NumberOf(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("n", out var n) && n.TryGetInt32(out var value) ? value : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
}
