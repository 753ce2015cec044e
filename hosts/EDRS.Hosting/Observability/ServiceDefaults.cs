using EDRS.Hosting.Health;
using EDRS.Hosting.Observability;
using Microsoft.AspNetCore.Builder;

// In the hosting namespace every host already imports (the eShop ServiceDefaults convention): Program.cs needs no using.
namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every EDRS host has, whatever else it does: health probes, OpenTelemetry traces and metrics (Prometheus on
/// its own port, OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set) and JSON console logs. One line each in
/// <c>Program.cs</c>: <c>builder.AddEdrsServiceDefaults()</c> and <c>app.MapEdrsDefaultEndpoints()</c>.
/// </summary>
public static class ServiceDefaults
{
    public static TBuilder AddEdrsServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.AddEdrsTelemetry();
        builder.AddEdrsHealthChecks();
        return builder;
    }

    /// <summary>Maps <c>/health/liveness</c>, <c>/health/readiness</c> and <c>/health/startup</c> (metrics have their own port).</summary>
    public static WebApplication MapEdrsDefaultEndpoints(this WebApplication app)
    {
        app.MapEdrsHealthEndpoints();
        return app;
    }
}
