using EDRS.Actors.Inbound;
using EDRS.Grains.Contracts.Events;
using EDRS.Grains.Contracts.Personas;
using EDRS.Hosts.Gateway.Tenancy;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace EDRS.Hosts.Gateway.Inbound;

/// <summary>
/// Completing and handing back a persona's work with all that goes with it, in one place for REST and gRPC: the persona's
/// new load reaches the routing table, and handed-back work is routed again (to another persona, or the unassigned queue).
/// </summary>
/// <remarks>
/// The router is called from here, not from the persona: the router calls personas (deliveries), so a persona waiting on
/// its router could deadlock with it. A hand-back interrupted after the persona let go is finished by a retry — with the
/// same Idempotency-Key (the persona answers from memory) or without (the persona answers again for work it handed
/// back) — and the router's Reassign is idempotent (work it already re-routed is only delivered again).
/// </remarks>
public sealed class InboxWork(TenantGrains grains, IOptions<EventsOptions> options)
{
    /// <summary>Closes the work as done through <paramref name="persona"/> (whose client claims the caller's Idempotency-Key), then reports the load.</summary>
    public async Task<WorkAck> CompleteAsync(PersonaGrain.PersonaGrainClient persona, string tenant, CompleteWorkRequest request, CallOptions call)
    {
        var ack = await persona.CompleteWorkAsync(request, call).ConfigureAwait(false);
        await ReportLoadAsync(tenant, ack, call.CancellationToken).ConfigureAwait(false);
        return ack;
    }

    /// <summary>
    /// Hands the work back through <paramref name="persona"/> (whose client claims the caller's Idempotency-Key), reports the
    /// load, and has the router decide again; the answer's <see cref="WorkAck.RoutedTo"/> says where the work went next.
    /// </summary>
    public async Task<WorkAck> ReturnAsync(PersonaGrain.PersonaGrainClient persona, string tenant, ReturnWorkRequest request, CallOptions call)
    {
        var ack = await persona.ReturnWorkAsync(request, call).ConfigureAwait(false);
        await ReportLoadAsync(tenant, ack, call.CancellationToken).ConfigureAwait(false);
        var partition = EventPartitions.Of(ack.EventId, options.Value.RouterPartitions);
        var router = new EventRouter.EventRouterClient(grains.Invoker(EventRouter.Descriptor, tenant, EventIdentities.RouterKey(partition)));
        var routed = await router.ReassignAsync(
            new ReassignRequest { RequestId = $"reassign-{ack.EventId}", EventId = ack.EventId, ReturnedBy = ack.PersonaId },
            cancellationToken: call.CancellationToken).ConfigureAwait(false);
        ack.RoutedTo = routed.RoutedTo;
        return ack;
    }

    private async Task ReportLoadAsync(string tenant, WorkAck ack, CancellationToken cancellationToken)
    {
        var report = new ReportLoadsRequest();
        report.Loads.Add(new PersonaLoad { PersonaId = ack.PersonaId, Open = ack.Open, Version = ack.Version });
        var table = new RoutingTable.RoutingTableClient(grains.Invoker(RoutingTable.Descriptor, tenant, EventIdentities.RoutingTableKey));
        await table.ReportLoadsAsync(report, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
