using EDRS.Grains.Runtime;
using EDRS.Hosting.Health;
using EDRS.Hosting.Options;
using EDRS.Persistence.Journal;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Instrumentation.AspNetCore;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace EDRS.Hosting.Observability;

/// <summary>OpenTelemetry traces and metrics, the Prometheus endpoint and JSON console logs for an EDRS host.</summary>
public static class TelemetryRegistration
{
    /// <summary>The environment variable that switches the OTLP exporter on (traces, metrics and logs).</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Every activity source and meter of ours is named <c>EDRS.*</c> (<see cref="GrainTracing.SourceName"/>,
    /// <see cref="JournalTracing.SourceName"/>, <see cref="GrainMetrics.MeterName"/>, <see cref="JournalMetrics.MeterName"/>,
    /// <see cref="EdgeMetrics.MeterName"/>).</summary>
    private const string EdrsSources = "EDRS.*";

    /// <summary>Journal batches hold 1..MaxBatchSize appends: powers of two say more than the default millisecond buckets.</summary>
    private static readonly double[] BatchSizeBuckets = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096];

    public static IHostApplicationBuilder AddEdrsTelemetry(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<ObservabilityOptions>(ObservabilityOptions.Section, o => o.Validate());
        services.PostConfigure<ObservabilityOptions>(o => o.ServiceName ??=
            Environment.GetEnvironmentVariable("OTEL_SERVICE_NAME") is { Length: > 0 } fromOtel
                ? fromOtel
                : ObservabilityOptions.DefaultServiceName(builder.Environment.ApplicationName));

        builder.Logging.AddConsoleFormatter<EdrsJsonConsoleFormatter, ConsoleFormatterOptions>();
        services.Configure<ConsoleLoggerOptions>(o => o.FormatterName = EdrsJsonConsoleFormatter.FormatterName);
        services.AddTransient<Microsoft.AspNetCore.Hosting.IStartupFilter, RequestLogScopeStartupFilter>();

        var isDevelopment = builder.Environment.IsDevelopment();
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddDetector(sp => new ServiceResourceDetector(
                sp.GetRequiredService<IOptions<ObservabilityOptions>>().Value.ServiceName!)))
            .WithTracing(tracing => tracing
                // EDRS.Grains (grain calls), EDRS.Journal (appends and group commits), and any EDRS source to come.
                .AddSource(EdrsSources)
                .AddAspNetCoreInstrumentation()
                .AddNpgsql()
                .SetSampler(sp => new ParentBasedSampler(isDevelopment
                    ? new AlwaysOnSampler()
                    : new TraceIdRatioBasedSampler(sp.GetRequiredService<IOptions<ObservabilityOptions>>().Value.TraceSampleRatio))))
            .WithMetrics(metrics => metrics
                // EDRS.Grains, EDRS.Journal, EDRS.Edge (rate-limit rejections), and any EDRS meter to come.
                .AddMeter(EdrsSources)
                // http.server.request.duration and friends: REST and gRPC alike (gRPC calls are HTTP/2 requests).
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddView("edrs.journal.batch.size", new ExplicitBucketHistogramConfiguration { Boundaries = BatchSizeBuckets })
                .AddPrometheusExporter());
        services.AddOptions<AspNetCoreTraceInstrumentationOptions>().Configure<IOptions<ObservabilityOptions>>((aspNetCore, observability) =>
        {
            aspNetCore.RecordException = true;
            // Probes and scrapes every few seconds would bury the traces that matter (the metrics server's requests
            // pass through the same ASP.NET Core activity source as the host's).
            var metricsPath = new PathString(observability.Value.MetricsPath);
            aspNetCore.Filter = context => !context.Request.Path.StartsWithSegments(HealthPaths.Root) && context.Request.Path != metricsPath;
        });
        if (!string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointVariable]))
            telemetry.UseOtlpExporter();

        services.AddSingleton<MetricsServer>();
        services.AddHostedService(sp => sp.GetRequiredService<MetricsServer>());
        return builder;
    }
}
