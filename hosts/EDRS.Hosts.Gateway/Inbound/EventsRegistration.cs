namespace EDRS.Hosts.Gateway.Inbound;

/// <summary>What the events and inbox edges (REST and gRPC) share.</summary>
public static class EventsRegistration
{
    public static IHostApplicationBuilder AddGatewayEvents(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<EventPublishing>();
        builder.Services.AddSingleton<InboxWork>();
        return builder;
    }
}
