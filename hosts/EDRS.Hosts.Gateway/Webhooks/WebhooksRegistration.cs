namespace EDRS.Hosts.Gateway.Webhooks;

/// <summary>What the webhooks edges (REST and gRPC) share.</summary>
public static class WebhooksRegistration
{
    public static IHostApplicationBuilder AddGatewayWebhooks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<WebhookCreation>();
        return builder;
    }
}
