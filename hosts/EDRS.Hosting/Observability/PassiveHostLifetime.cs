using Microsoft.Extensions.Hosting;

namespace EDRS.Hosting.Observability;

/// <summary>
/// The lifetime of the metrics server: it neither listens for Ctrl+C/SIGTERM nor announces itself — the host that
/// owns it does both, and stops it.
/// </summary>
internal sealed class PassiveHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
