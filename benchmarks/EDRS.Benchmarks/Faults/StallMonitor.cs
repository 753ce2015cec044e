using System.Diagnostics;
using System.Globalization;

namespace EDRS.Benchmarks.Faults;

/// <summary>
/// Notices when this process stops running its code on time: a 100 ms timer that fires late means the thread pool was
/// starved or the process was not scheduled. Proto.Cluster blocks a member whose heartbeat is older than its expiration
/// (3 s), so a stall of that size in the harness would look like a cluster fault; this tells the two apart.
/// </summary>
internal sealed class StallMonitor : IAsyncDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Reported = TimeSpan.FromMilliseconds(750);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public StallMonitor() => _loop = Task.Run(LoopAsync);

    /// <summary>The longest lateness seen, in ms.</summary>
    public double WorstMs { get; private set; }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await Task.Delay(Tick, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            var late = Stopwatch.GetElapsedTime(started) - Tick;
            WorstMs = Math.Max(WorstMs, late.TotalMilliseconds);
            if (late >= Reported)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  ~ harness stalled {late.TotalMilliseconds:0} ms at {DateTime.UtcNow:HH:mm:ss.fff} (thread pool: {ThreadPool.ThreadCount} threads, " +
                    $"{ThreadPool.PendingWorkItemCount} queued; load average {LoadAverage()})"));
            }
        }
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "?";
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
