using System.Diagnostics.Metrics;

namespace EDRS.Hosting.Observability;

/// <summary>
/// Instruments of the edges (meter <c>EDRS.Edge</c>), shared by the REST and gRPC gateway code. HTTP and gRPC request
/// rates and latencies come from ASP.NET Core's own meters; what only the gateway knows is counted here.
/// </summary>
public static class EdgeMetrics
{
    public const string MeterName = "EDRS.Edge";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>
    /// Requests refused by a rate limit (HTTP 429 / RESOURCE_EXHAUSTED); Prometheus <c>edrs_ratelimit_rejections_total</c>.
    /// Tag with <c>tier</c> (standard, professional, enterprise), <c>protocol</c> (http, grpc) and <c>limit</c>
    /// (rate, concurrency) — never with the client id, whose cardinality is unbounded.
    /// </summary>
    public static readonly Counter<long> RateLimitRejections =
        Meter.CreateCounter<long>("edrs.ratelimit.rejections", "{request}", "Requests refused by a rate limit");
}
