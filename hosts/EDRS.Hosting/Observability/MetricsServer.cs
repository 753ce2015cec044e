using System.Net;
using EDRS.Hosting.Health;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace EDRS.Hosting.Observability;

/// <summary>
/// Serves the Prometheus text exposition on <see cref="ObservabilityOptions.MetricsPort"/> from a small Kestrel
/// server of its own, next to the host's, and the health probes with every check's detail (the public port answers
/// them with the status only).
/// </summary>
/// <remarks>
/// A server of its own rather than one more endpoint on the host's Kestrel: an endpoint added in code makes Kestrel
/// drop the host's <c>ASPNETCORE_URLS</c>/<c>HTTP_PORTS</c> addresses, so it would fight whatever endpoints the
/// gateway configures; and here nothing but <c>/metrics</c> answers on the metrics port while <c>/metrics</c> never
/// answers on the public one (no Host-header tricks). It starts with no configuration sources, so the host's
/// <c>Kestrel</c> section and URLs cannot leak into it, and logs through the host's logger factory.
/// </remarks>
public sealed partial class MetricsServer(
    IServiceProvider services,
    IOptions<ObservabilityOptions> options,
    ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger = loggers.CreateLogger("EDRS.Metrics");
    private WebApplication? _app;

    /// <summary>The port the endpoint listens on once started (the chosen one when <see cref="ObservabilityOptions.MetricsPort"/> is 0).</summary>
    public int Port { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddSingleton(loggers);
        builder.Services.AddSingleton<IHostLifetime, PassiveHostLifetime>();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            if (settings.MetricsHost == "*")
                kestrel.ListenAnyIP(settings.MetricsPort);
            else
                kestrel.Listen(IPAddress.Parse(settings.MetricsHost), settings.MetricsPort);
        });
        var app = builder.Build();
        var path = new PathString(settings.MetricsPath);
        app.UseOpenTelemetryPrometheusScrapingEndpoint(
            meterProvider: services.GetRequiredService<MeterProvider>(),
            predicate: context => context.Request.Path == path,
            path: null,
            configureBranchedPipeline: null,
            optionsName: null);
        // The health probes with every check's detail (member ids, database errors): here, for operators, not on the public port.
        var health = services.GetService<HealthCheckService>();
        app.Run(async context =>
        {
            if (health is null || !await HealthRegistration.WriteDetailAsync(context, health).ConfigureAwait(false))
                context.Response.StatusCode = StatusCodes.Status404NotFound;
        });
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        Port = address is null ? settings.MetricsPort : new Uri(address.Replace("*", "localhost", StringComparison.Ordinal)).Port;
        LogListening(_logger, Port, settings.MetricsPath);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
            await _app.DisposeAsync().ConfigureAwait(false);
        _app = null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Prometheus metrics on port {Port} at {Path}")]
    private static partial void LogListening(ILogger logger, int port, string path);
}
