using EDRS.Hosting.Options;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace EDRS.Hosting.Health;

/// <summary>The three probes of every EDRS host: liveness, readiness and startup.</summary>
public static class HealthRegistration
{
    private const string ReadyTag = "ready";
    private const string StartupTag = "startup";

    public static IHostApplicationBuilder AddEdrsHealthChecks(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<HealthOptions>(HealthOptions.Section, o => o.Validate());
        services.TryAddSingleton(TimeProvider.System);
        // Singletons: each holds its cached result.
        services.AddSingleton<PostgresHealthCheck>();
        services.AddSingleton<ClusterHealthCheck>();
        services.AddSingleton<JournalWriterHealthCheck>();
        services.AddHealthChecks()
            .AddCheck<PostgresHealthCheck>("postgres", tags: [ReadyTag])
            .AddCheck<ClusterHealthCheck>("cluster", tags: [ReadyTag])
            .AddCheck<JournalWriterHealthCheck>("journal-writers", tags: [ReadyTag])
            .AddCheck<StartupHealthCheck>("started", tags: [StartupTag]);
        return builder;
    }

    public static IEndpointRouteBuilder MapEdrsHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        Probe(endpoints.MapHealthChecks(HealthPaths.Liveness, Options(_ => false, StatusCodes.Status503ServiceUnavailable)));
        Probe(endpoints.MapHealthChecks(HealthPaths.Readiness, Options(r => r.Tags.Contains(ReadyTag), StatusCodes.Status503ServiceUnavailable)));
        // 504 rather than 503 while starting, so a probe's log says "not yet" instead of "broken".
        Probe(endpoints.MapHealthChecks(HealthPaths.Startup, Options(r => r.Tags.Contains(StartupTag), StatusCodes.Status504GatewayTimeout)));
        return endpoints;
    }

    private static HealthCheckOptions Options(Func<HealthCheckRegistration, bool> predicate, int unhealthyStatus) => new()
    {
        Predicate = predicate,
        ResponseWriter = HealthResponseWriter.WriteAsync,
        ResultStatusCodes =
        {
            [HealthStatus.Healthy] = StatusCodes.Status200OK,
            [HealthStatus.Degraded] = StatusCodes.Status200OK,
            [HealthStatus.Unhealthy] = unhealthyStatus,
        },
    };

    /// <summary>Probes come from the orchestrator: no token, and never rate limited.</summary>
    private static void Probe(IEndpointConventionBuilder endpoint) => endpoint.AllowAnonymous().DisableRateLimiting();
}
