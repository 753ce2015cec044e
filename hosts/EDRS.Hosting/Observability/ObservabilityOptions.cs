using System.Net;

namespace EDRS.Hosting.Observability;

/// <summary>
/// Telemetry of this process (section <c>Observability</c>; environment variables <c>Observability__...</c>).
/// The OTLP exporter is not configured here: it is on exactly when the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
/// </summary>
public sealed class ObservabilityOptions
{
    public const string Section = "Observability";

    /// <summary>
    /// The <c>service</c> of log lines and the OpenTelemetry <c>service.name</c>. Default: <c>OTEL_SERVICE_NAME</c> if set,
    /// otherwise from the host's application name (<c>EDRS.Hosts.Gateway</c> → <c>edrs-gateway</c>).
    /// </summary>
    public string? ServiceName { get; set; }

    /// <summary>
    /// Port of the Prometheus endpoint, a Kestrel server of its own so that metrics never show on the public port and
    /// the API never on this one. 0 picks a free port (tests). Default 8081. Several processes on one machine need one each.
    /// </summary>
    public int MetricsPort { get; set; } = 8081;

    /// <summary>Address the metrics endpoint binds to: an IP address, or <c>*</c> for every interface. Default <c>*</c>.</summary>
    public string MetricsHost { get; set; } = "*";

    /// <summary>Path of the Prometheus text exposition on the metrics port. Default <c>/metrics</c>.</summary>
    public string MetricsPath { get; set; } = "/metrics";

    /// <summary>
    /// Fraction of new traces recorded outside Development (Development records all of them); a caller's sampled
    /// flag is always followed. 0..1. Default 0.1.
    /// </summary>
    public double TraceSampleRatio { get; set; } = 0.1;

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (ServiceName is not null && (ServiceName.Length is 0 or > 100 || ServiceName.Any(char.IsWhiteSpace)))
            problems.Add($"Observability:ServiceName must be 1..100 characters without spaces (was '{ServiceName}'): set Observability__ServiceName or OTEL_SERVICE_NAME.");
        if (MetricsPort is < 0 or > 65535)
            problems.Add($"Observability:MetricsPort must be 0..65535 (was {MetricsPort}): set Observability__MetricsPort.");
        if (MetricsHost != "*" && !IPAddress.TryParse(MetricsHost, out _))
            problems.Add($"Observability:MetricsHost must be an IP address or * (was '{MetricsHost}'): set Observability__MetricsHost.");
        if (string.IsNullOrEmpty(MetricsPath) || MetricsPath[0] != '/' || MetricsPath.Any(char.IsWhiteSpace))
            problems.Add($"Observability:MetricsPath must start with '/' (was '{MetricsPath}'): set Observability__MetricsPath.");
        if (double.IsNaN(TraceSampleRatio) || TraceSampleRatio is < 0 or > 1)
            problems.Add($"Observability:TraceSampleRatio must be 0..1 (was {TraceSampleRatio}): set Observability__TraceSampleRatio.");
        return problems;
    }

    /// <summary>The default service name for a host application: <c>EDRS.Hosts.Member</c> → <c>edrs-member</c>.</summary>
    public static string DefaultServiceName(string applicationName)
    {
        const string hostPrefix = "EDRS.Hosts.";
        var name = applicationName.StartsWith(hostPrefix, StringComparison.Ordinal)
            ? "edrs-" + applicationName[hostPrefix.Length..]
            : applicationName;
        return name.Replace('.', '-').Replace(' ', '-').ToLowerInvariant();
    }
}
