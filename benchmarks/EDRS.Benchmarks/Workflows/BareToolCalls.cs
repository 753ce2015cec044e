using System.Diagnostics;
using System.Text;
using EDRS.Benchmarks.Faults;
using EDRS.Testing.Http;

namespace EDRS.Benchmarks.Workflows;

/// <summary>
/// The tool call alone, without the executor: this process POSTs to the recording server as the tool invoker does. One
/// at a time, it is the latency a tool step cannot go under; with as many callers as the loaded phase has runs in flight,
/// it is the rate and the CPU per call of the HTTP calls alone on this machine (client and server both in this process),
/// a ceiling on what the executor's tool steps can reach in the same run.
/// </summary>
internal static class BareToolCalls
{
    public static async Task<(double P50, double P99)> OneAtATimeAsync(RecordingHttpServer server, int calls)
    {
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        var samples = new List<double>();
        for (var i = -30; i < calls; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await CallAsync(http, $"baseline-{i}").ConfigureAwait(false);
            if (i >= 0)
                samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        return (Percentiles.Of(samples, 0.5), Percentiles.Of(samples, 0.99));
    }

    /// <summary>
    /// Calls/s and this process's CPU per call (ms) with <paramref name="callers"/> in a closed loop for <paramref name="window"/>,
    /// to a recording server of its own: the hundreds of thousands of requests it records are gone before the runs start.
    /// </summary>
    public static async Task<(double CallsPerSecond, double CpuPerCallMs)> InFlightAsync(int callers, TimeSpan window)
    {
        await using var server = await RecordingHttpServer.StartAsync().ConfigureAwait(false);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = callers }) { BaseAddress = new Uri(server.BaseUrl) };
        var calls = 0L;
        var measuring = false;
        using var stop = new CancellationTokenSource();
        var loops = Enumerable.Range(0, callers).Select(c => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                await CallAsync(http, $"ceiling-{c}-{i}").ConfigureAwait(false);
                if (Volatile.Read(ref measuring))
                    Interlocked.Increment(ref calls);
            }
        })).ToArray();
        await Task.Delay(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        using var self = Process.GetCurrentProcess();
        var cpu0 = self.TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        Volatile.Write(ref measuring, true);
        await Task.Delay(window).ConfigureAwait(false);
        Volatile.Write(ref measuring, false);
        var elapsed = Stopwatch.GetElapsedTime(started);
        self.Refresh();
        var cpu = self.TotalProcessorTime - cpu0;
        await stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(loops).ConfigureAwait(false);
        var measured = Interlocked.Read(ref calls);
        return (measured / elapsed.TotalSeconds, measured == 0 ? double.NaN : cpu.TotalMilliseconds / measured);
    }

    private static async Task CallAsync(HttpClient http, string idempotencyKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/baseline") { Content = new StringContent("""{"step":"x","n":0}""", Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await http.SendAsync(request).ConfigureAwait(false);
        _ = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
    }
}
