using EDRS.Hosting.Options;
using EDRS.Persistence.Outbox;
using EDRS.Pulsar;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EDRS.Hosting.Pulsar;

/// <summary>
/// Pulsar in and out: with <c>PulsarBridge__Consume=true</c> the bridge consumes the configured topics; with
/// <c>PulsarBridge__Publish=true</c> the outbox drainers publish outgoing domain events. Either one connects with the
/// <c>Pulsar</c> section (<c>Pulsar__ServiceUrl</c>, <c>Pulsar__AuthToken</c>, ...). All options are validated at start-up.
/// </summary>
public static class PulsarRegistration
{
    public static IHostApplicationBuilder AddEdrsPulsar(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<PulsarBridgeOptions>(PulsarBridgeOptions.Section, o => o.Validate());
        var section = builder.Configuration.GetSection(PulsarBridgeOptions.Section);
        var consume = section.GetValue<bool>(nameof(PulsarBridgeOptions.Consume));
        var publish = section.GetValue<bool>(nameof(PulsarBridgeOptions.Publish));
        if (!consume && !publish)
            return builder;

        services.AddValidatedOptions<PulsarClientOptions>(PulsarClientOptions.SectionName, o => o.Validate());
        services.AddSingleton(sp => new PulsarClient(
            sp.GetRequiredService<IOptions<PulsarClientOptions>>().Value, sp.GetRequiredService<ILoggerFactory>()));
        if (publish)
            services.AddSingleton<IOutboxPublisher, PulsarOutboxPublisher>();
        if (consume)
            services.AddHostedService<PulsarBridgeService>();
        return builder;
    }
}
