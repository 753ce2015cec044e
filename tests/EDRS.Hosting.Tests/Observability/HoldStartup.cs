using Microsoft.Extensions.Hosting;

namespace EDRS.Hosting.Tests.Observability;

/// <summary>
/// Holds a host between "every hosted service started" (Kestrel is listening) and "application started" — the window
/// a slow start-up leaves open to probes.
/// </summary>
internal sealed class HoldStartup : IHostedLifecycleService
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Reached => _reached.Task;

    public void Release() => _released.TrySetResult();

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        _reached.TrySetResult();
        return _released.Task.WaitAsync(cancellationToken);
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
