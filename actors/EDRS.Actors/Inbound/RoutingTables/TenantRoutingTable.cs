using EDRS.Actors.Inbound.RoutingTables.Commands;
using EDRS.Actors.Inbound.RoutingTables.Events;
using EDRS.Grains.Contracts.Events;
using EDRS.Grains.Runtime;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EDRS.Actors.Inbound.RoutingTables;

/// <summary>
/// A tenant's routing table (kind <c>routing-table</c>, identity <c>{tenant}/routing</c>): which event types each
/// persona handles, journaled; and each persona's open work as last reported, kept in memory only — the persona
/// grain is the truth for its load, and every router partition reports what the personas answered it. When a
/// persona's patterns change, every router partition of the tenant is asked to route its unassigned events again.
/// </summary>
public sealed partial class TenantRoutingTable : RoutingTable.RoutingTableBase, IJournaledGrain
{
    private readonly GrainActivation _activation;
    private readonly JournaledState<RoutingTableState, RoutingTableEvent> _journaled;
    private readonly GrainClients _clients;
    private readonly EventsOptions _options;
    private readonly ILogger _logger;
    private readonly Dictionary<string, (int Open, long Version)> _loads = new(StringComparer.Ordinal);

    public TenantRoutingTable(GrainActivation activation, JournaledStateFactory states, GrainClients clients, IOptions<EventsOptions> options, ILoggerFactory loggers)
    {
        _activation = activation;
        _clients = clients;
        _options = options.Value;
        _logger = loggers.CreateLogger("EDRS.Events");
        _journaled = states.Create<RoutingTableState, RoutingTableEvent>(activation, RoutingTableState.Initial, RoutingTableDecider.Evolve);
    }

    private string Tenant => _activation.Identity.Tenant;

    public Task RecoverAsync(CancellationToken cancellationToken) => _journaled.RecoverAsync(cancellationToken);

    public override async Task<RoutingTableAck> RegisterPersona(RegisterPersonaRequest request, ServerCallContext context)
    {
        var changed = false;
        var command = new RegisterPersona(request.PersonaId, [.. request.Handles], request.ProfileVersion, [.. request.Skills]);
        var ack = await _journaled.ExecuteAsync(request.RequestId, s => RoutingTableDecider.Decide(command, s, _activation.Time.GetUtcNow()),
            (state, version, events) =>
            {
                changed = events.Count > 0;
                return new RoutingTableAck { Version = version };
            }).ConfigureAwait(false);
        if (changed && request.Handles.Count > 0)
            RouteUnassignedEverywhere();
        return ack;
    }

    public override Task<RoutingTableAck> ReportLoads(ReportLoadsRequest request, ServerCallContext context)
    {
        foreach (var load in request.Loads)
        {
            if (!_loads.TryGetValue(load.PersonaId, out var held) || held.Version <= load.Version)
                _loads[load.PersonaId] = (load.Open, load.Version);
        }
        return Task.FromResult(new RoutingTableAck { Version = _journaled.Version });
    }

    public override Task<RoutingTableView> GetTable(GetTableRequest request, ServerCallContext context)
    {
        var view = new RoutingTableView { Version = _journaled.Version };
        foreach (var (personaId, persona) in _journaled.State.Personas)
        {
            var routed = new RoutedPersona { PersonaId = personaId, Open = _loads.TryGetValue(personaId, out var load) ? load.Open : 0 };
            routed.Handles.AddRange(persona.Handles);
            routed.Skills.AddRange(persona.Skills ?? []);
            view.Personas.Add(routed);
        }
        return Task.FromResult(view);
    }

    /// <summary>
    /// Not awaited: a router partition routing its queue calls personas, and the persona that registered is still
    /// inside its Hire call waiting for this grain. Should a nudge be lost, the partition still routes its queue
    /// whenever it sees a newer table version.
    /// </summary>
    private void RouteUnassignedEverywhere()
    {
        var version = _journaled.Version;
        for (var p = 0; p < _options.RouterPartitions; p++)
        {
            var router = _clients.EventRouter(Tenant, p);
            var request = new RouteUnassignedRequest { RequestId = $"table-{version}-{p}" };
            _ = NudgeAsync(router, request, p);
        }

        async Task NudgeAsync(EventRouter.EventRouterClient router, RouteUnassignedRequest request, int partition)
        {
            try
            {
                await router.RouteUnassignedAsync(request).ResponseAsync.ConfigureAwait(false);
            }
            catch (RpcException ex)
            {
                LogNudgeFailed(_logger, ex, Tenant, partition);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Router partition {Tenant}/p{Partition} did not route its unassigned events after a routing change; it will on its next batch")]
    private static partial void LogNudgeFailed(ILogger logger, Exception exception, string tenant, int partition);
}
