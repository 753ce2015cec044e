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

    /// <summary>
    /// The probes on the host's public endpoints answer with their status only (<c>{"status":"Healthy"}</c>, 200 or
    /// 503/504): who can reach a public port learns whether the host takes traffic, not its member ids or the database's
    /// errors. The same probes with every check's detail are served on the metrics port (<see cref="WriteDetailAsync"/>).
    /// </summary>
    public static IEndpointRouteBuilder MapEdrsHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        foreach (var probe in Probes)
            Probe(endpoints.MapHealthChecks(probe.Path, Options(probe, HealthResponseWriter.WriteStatusAsync)));
        return endpoints;
    }

    /// <summary>
    /// Answers <paramref name="context"/> if its path is a probe's, with every check's status, description and data;
    /// false for any other path. For the metrics port, which only operators and scrapers reach.
    /// </summary>
    public static async Task<bool> WriteDetailAsync(HttpContext context, HealthCheckService health)
    {
        var probe = Probes.FirstOrDefault(p => context.Request.Path.Equals(p.Path, StringComparison.OrdinalIgnoreCase));
        if (probe is null)
            return false;
        var report = await health.CheckHealthAsync(probe.Predicate, context.RequestAborted).ConfigureAwait(false);
        context.Response.StatusCode = report.Status == HealthStatus.Unhealthy ? probe.UnhealthyStatus : StatusCodes.Status200OK;
        await HealthResponseWriter.WriteAsync(context, report).ConfigureAwait(false);
        return true;
    }

    private static readonly HealthProbe[] Probes =
    [
        new(HealthPaths.Liveness, _ => false, StatusCodes.Status503ServiceUnavailable),
        new(HealthPaths.Readiness, r => r.Tags.Contains(ReadyTag), StatusCodes.Status503ServiceUnavailable),
        // 504 rather than 503 while starting, so a probe's log says "not yet" instead of "broken".
        new(HealthPaths.Startup, r => r.Tags.Contains(StartupTag), StatusCodes.Status504GatewayTimeout),
    ];

    private static HealthCheckOptions Options(HealthProbe probe, Func<HttpContext, HealthReport, Task> writer) => new()
    {
        Predicate = probe.Predicate,
        ResponseWriter = writer,
        ResultStatusCodes =
        {
            [HealthStatus.Healthy] = StatusCodes.Status200OK,
            [HealthStatus.Degraded] = StatusCodes.Status200OK,
            [HealthStatus.Unhealthy] = probe.UnhealthyStatus,
        },
    };

    /// <summary>Probes come from the orchestrator: no token, and never rate limited.</summary>
    private static void Probe(IEndpointConventionBuilder endpoint) => endpoint.AllowAnonymous().DisableRateLimiting();

    private sealed record HealthProbe(string Path, Func<HealthCheckRegistration, bool> Predicate, int UnhealthyStatus);
}
