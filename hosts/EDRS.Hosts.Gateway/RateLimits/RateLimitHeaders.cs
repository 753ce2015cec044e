using System.Globalization;
using EDRS.Hosting.Observability;

namespace EDRS.Hosts.Gateway.RateLimits;

/// <summary>The rate-limit headers every metered response carries (gRPC: as response metadata).</summary>
public static class RateLimitHeaders
{
    public const string Limit = "X-RateLimit-Limit";
    public const string Remaining = "X-RateLimit-Remaining";
    public const string Reset = "X-RateLimit-Reset";

    /// <summary>Counts a refused request in <c>edrs_ratelimit_rejections_total</c> (by tier, protocol and limit; never by client).</summary>
    public static void CountRejection(RateLimitLease lease, string protocol) =>
        EdgeMetrics.RateLimitRejections.Add(1,
            new KeyValuePair<string, object?>("tier", lease.Tier),
            new KeyValuePair<string, object?>("protocol", protocol),
            new KeyValuePair<string, object?>("limit", lease.RefusedBy));

    public static void Apply(HttpResponse response, RateLimitLease lease)
    {
        var headers = response.Headers;
        headers[Limit] = lease.Limit.ToString(CultureInfo.InvariantCulture);
        headers[Remaining] = lease.Remaining.ToString(CultureInfo.InvariantCulture);
        headers[Reset] = lease.ResetSeconds.ToString(CultureInfo.InvariantCulture);
        if (!lease.Acquired)
            headers.RetryAfter = lease.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
    }
}
