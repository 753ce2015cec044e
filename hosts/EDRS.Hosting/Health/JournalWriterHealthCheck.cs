using EDRS.Persistence.Journal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace EDRS.Hosting.Health;

/// <summary>Every group-commit writer loop of the journal is running (a dead one would leave its streams' appends waiting forever).</summary>
internal sealed class JournalWriterHealthCheck(IServiceProvider services, IOptions<HealthOptions> options, TimeProvider time)
    : CachedHealthCheck(options, time)
{
    protected override Task<HealthCheckResult> CheckAsync(CancellationToken cancellationToken) =>
        Task.FromResult(services.GetService<GroupCommitJournal>() switch
        {
            null => HealthCheckResult.Healthy("This host has no group-commit journal."),
            { IsAlive: true } => HealthCheckResult.Healthy("Every writer is running."),
            _ => HealthCheckResult.Unhealthy("A group-commit writer has stopped."),
        });
}
