using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace EDRS.Hosting.Health;

/// <summary>
/// A health check whose result is reused for <see cref="HealthOptions.CacheDuration"/>, and whose run is shared by
/// every probe that arrives while it is in flight: however many probes come, a dependency sees at most one check per
/// period. The run is bounded by <see cref="HealthOptions.CheckTimeout"/>, not by the probe that started it, so a
/// probe that gives up does not cancel the answer the next one will get. Registered as a singleton (the cache).
/// </summary>
public abstract class CachedHealthCheck(IOptions<HealthOptions> options, TimeProvider time) : IHealthCheck
{
    private readonly Lock _gate = new();
    private Task<HealthCheckResult>? _current;
    private long _freshUntil;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_current is null || (_current.IsCompleted && time.GetTimestamp() >= _freshUntil))
                _current = RunAsync();
            return _current;
        }
    }

    /// <summary>The check itself; throwing or timing out counts as unhealthy.</summary>
    protected abstract Task<HealthCheckResult> CheckAsync(CancellationToken cancellationToken);

    private async Task<HealthCheckResult> RunAsync()
    {
        var settings = options.Value;
        HealthCheckResult result;
        using var timeout = new CancellationTokenSource(settings.CheckTimeout, time);
        try
        {
            result = await CheckAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            result = HealthCheckResult.Unhealthy($"No answer within {settings.CheckTimeout.TotalMilliseconds:0} ms.");
        }
        catch (Exception ex)
        {
            result = HealthCheckResult.Unhealthy(ex.Message, ex);
        }

        var data = new Dictionary<string, object>(result.Data) { ["checkedAt"] = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture) };
        result = new HealthCheckResult(result.Status, result.Description, result.Exception, data);
        lock (_gate)
            _freshUntil = time.GetTimestamp() + (long)(settings.CacheDuration.TotalSeconds * time.TimestampFrequency);
        return result;
    }
}
