using System.Diagnostics;
using EDRS.Cluster.Kubernetes.Tests.FakeKubernetesApi;

namespace EDRS.Cluster.Kubernetes.Tests;

/// <summary>
/// The kubelet's part for one pod of the fake API, played by the test: it runs the pod's startup probe, then its readiness
/// probe, against the member's real HTTP health endpoints with the given timings, and writes what they conclude into the
/// pod's container status (<c>started</c>, <c>ready</c>) as the kubelet does: started once the startup probe passed (and
/// from then on, while the container runs), ready after successThreshold passes, not ready after failureThreshold
/// failures in a row. Liveness is left out: its endpoint checks nothing.
/// </summary>
public sealed class ProbingKubelet : IAsyncDisposable
{
    private readonly FakePodStore _pods;
    private readonly string _podName;
    private readonly HttpClient _member;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private volatile bool _started;
    private volatile bool _ready;
    private int _turnedNotReady;

    public ProbingKubelet(FakePodStore pods, string podName, HttpClient member, ProbeTimings startup, ProbeTimings readiness)
    {
        (_pods, _podName, _member) = (pods, podName, member);
        _loop = Task.Run(() => RunAsync(startup, readiness, _stop.Token));
    }

    public bool Started => _started;

    public bool Ready => _ready;

    /// <summary>How often the readiness probe's failures turned the pod not ready.</summary>
    public int TurnedNotReady => Volatile.Read(ref _turnedNotReady);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }

    private async Task RunAsync(ProbeTimings startup, ProbeTimings readiness, CancellationToken stop)
    {
        var containerStarted = Stopwatch.StartNew();
        await Task.Delay(startup.InitialDelay, stop);
        while (!await ProbeAsync("/health/startup", startup.Timeout, stop))
            await Task.Delay(startup.Period, stop);
        _started = true;
        Write();

        // Readiness probes begin once the startup probe has passed, and not before their own initial delay.
        var wait = readiness.InitialDelay - containerStarted.Elapsed;
        if (wait > TimeSpan.Zero)
            await Task.Delay(wait, stop);
        var (passes, failures) = (0, 0);
        while (!stop.IsCancellationRequested)
        {
            if (await ProbeAsync("/health/readiness", readiness.Timeout, stop))
            {
                failures = 0;
                if (++passes >= readiness.SuccessThreshold && !_ready)
                {
                    _ready = true;
                    Write();
                }
            }
            else
            {
                passes = 0;
                if (++failures >= readiness.FailureThreshold && _ready)
                {
                    _ready = false;
                    Interlocked.Increment(ref _turnedNotReady);
                    Write();
                }
            }
            await Task.Delay(readiness.Period, stop);
        }
    }

    /// <summary>An HTTP probe: a status from 200 to 399 within the timeout passes; anything else fails.</summary>
    private async Task<bool> ProbeAsync(string path, TimeSpan timeout, CancellationToken stop)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stop);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await _member.GetAsync(path, deadline.Token);
            return (int)response.StatusCode is >= 200 and < 400;
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !stop.IsCancellationRequested))
        {
            return false;
        }
    }

    private void Write() => _pods.Update(TestPods.Namespace, _podName, pod => TestPods.WithContainer(pod, _ready, _started));
}
