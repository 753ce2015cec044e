using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EDRS.Hosting.Health;

/// <summary>
/// PostgreSQL answers a query through the journal's own connection pool (the one appends use, so a full or broken
/// pool shows here too). A host without a journal has nothing to check.
/// </summary>
internal sealed class PostgresHealthCheck(IServiceProvider services, IOptions<HealthOptions> options, TimeProvider time)
    : CachedHealthCheck(options, time)
{
    protected override async Task<HealthCheckResult> CheckAsync(CancellationToken cancellationToken)
    {
        // Resolved here, not injected: service defaults are added before (and without knowing) the journal.
        if (services.GetService<NpgsqlDataSource>() is not { } dataSource)
            return HealthCheckResult.Healthy("This host has no journal.");
        await using var command = dataSource.CreateCommand("select 1");
        await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return HealthCheckResult.Healthy("PostgreSQL answers.");
    }
}
