using EDRS.Actors.Inbound;
using EDRS.Actors.Inbound.Ingestion;
using EDRS.Actors.Inbound.Routing;
using EDRS.Actors.Inbound.RoutingTables;
using EDRS.Actors.Quotas;
using EDRS.Hosting.Cluster;
using EDRS.Hosting.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace EDRS.Hosting.Inbound;

/// <summary>
/// Inbound events (the outside world's events coming in): the <c>event-router</c> and <c>routing-table</c> grain kinds,
/// their options, and the ingestor every edge (REST, gRPC, the Pulsar bridge) hands events to.
/// </summary>
public static class InboundRegistration
{
    public static IHostApplicationBuilder AddEdrsInbound(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<EventsOptions>(EventsOptions.Section, o => o.Validate());
        services.AddValidatedOptions<QuotaOptions>(QuotaOptions.Section, o => o.Validate());
        services.AddGrainKind(EventRouterKind.Registration);
        services.AddGrainKind(RoutingTableKind.Registration);
        services.TryAddSingleton<EventIngestor>();
        return builder;
    }
}
