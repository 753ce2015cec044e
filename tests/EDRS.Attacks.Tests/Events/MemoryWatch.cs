using System.Diagnostics;

namespace EDRS.Attacks.Tests.Events;

/// <summary>
/// Samples this process's working set and managed heap while an attack runs, and cancels the attack once the heap grew
/// past a ceiling (so a gateway that buffers without bound fails the test instead of exhausting the machine).
/// </summary>
internal sealed class MemoryWatch : IAsyncDisposable
{
    private readonly long _ceiling;
    private readonly bool _live;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <param name="ceiling">Growth of the heap over the baseline at which <see cref="Exceeded"/> is cancelled.</param>
    /// <param name="live">Measure live objects (a full collection per sample) rather than the heap with its garbage.</param>
    public MemoryWatch(long ceiling, bool live)
    {
        _ceiling = ceiling;
        _live = live;
        BaseHeap = Heap();
        BaseWorkingSet = WorkingSet();
        _loop = Task.Run(LoopAsync);
    }

    public long BaseHeap { get; }

    public long BaseWorkingSet { get; }

    public long PeakHeapGrowth { get; private set; }

    public long PeakWorkingSetGrowth { get; private set; }

    /// <summary>Cancelled when the heap grew past the ceiling.</summary>
    public CancellationTokenSource Exceeded { get; } = new();

    public string Report =>
        $"managed heap grew by {PeakHeapGrowth / (1024 * 1024)} MiB at most ({(_live ? "live objects" : "with garbage")}), " +
        $"working set by {PeakWorkingSetGrowth / (1024 * 1024)} MiB";

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        Sample();
        _stop.Dispose();
        Exceeded.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Sample();
            try
            {
                await Task.Delay(_live ? 200 : 25, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Sample()
    {
        var heap = Heap() - BaseHeap;
        PeakHeapGrowth = Math.Max(PeakHeapGrowth, heap);
        PeakWorkingSetGrowth = Math.Max(PeakWorkingSetGrowth, WorkingSet() - BaseWorkingSet);
        if (heap > _ceiling && !Exceeded.IsCancellationRequested)
            Exceeded.Cancel();
    }

    private long Heap()
    {
        if (_live)
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: false);
        return GC.GetTotalMemory(forceFullCollection: false);
    }

    private static long WorkingSet()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }
}
