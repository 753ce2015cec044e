using EDRS.Actors.Tools.Invocation;
using EDRS.Actors.Tools.Invocation.BuiltIns;
using EDRS.Actors.Webhooks;
using EDRS.Hosting.Tools;
using EDRS.Hosting.Options;
using EDRS.Hosting.Outbound;
using EDRS.Persistence;
using EDRS.Persistence.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EDRS.Hosting.Webhooks;

/// <summary>
/// Webhooks out: the subscription and delivery stores, the signed sender, and (unless <c>Webhooks__Deliver=false</c>)
/// this process's share of the deliveries. Deliveries are written by the journal itself, so every process that journals
/// feeds them whether or not it delivers. Needs the journal (<c>AddEdrsJournal</c>).
/// </summary>
public static class WebhooksRegistration
{
    public static IHostApplicationBuilder AddEdrsWebhooks(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(WebhookSender)))
            return builder;
        services.AddValidatedOptions<WebhooksOptions>(WebhooksOptions.Section, o => o.Validate());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new WebhookSubscriptionStore(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<IOptions<JournalOptions>>().Value));
        services.AddSingleton(sp => new WebhookDeliveryStore(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<IOptions<JournalOptions>>().Value));
        // The sender keeps its own deadline (WebhooksOptions.Timeout); retries are durable rows, not in-process loops.
        services.AddHttpClient(WebhookSender.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan).GuardOutbound();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<WebhookSubscriptions>();
        // The send_webhook built-in tool (offered wherever tools are called); its secrets for plain URLs come from configuration.
        services.TryAddSingleton<ISecretStore, ConfigurationSecretStore>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IBuiltInTool, SendWebhookTool>());
        services.AddHostedService<WebhookDeliveryService>();
        return builder;
    }
}
