using EDRS.Hosting.Options;

namespace EDRS.Hosts.Gateway.RateLimits;

/// <summary>Per-client rate limits by tier.</summary>
public static class RateLimitRegistration
{
    public static IHostApplicationBuilder AddClientRateLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<RateLimitOptions>(RateLimitOptions.Section, o => o.Validate());
        builder.Services.AddSingleton<ClientRateLimiter>();
        return builder;
    }

    public static IApplicationBuilder UseClientRateLimits(this IApplicationBuilder app) => app.UseMiddleware<ClientRateLimitMiddleware>();
}
