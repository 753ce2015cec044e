using JasperFx.Events.Daemon;
using Marten;
using Coordinator = Marten.Events.Daemon.Coordination.ProjectionCoordinator;
using ICoordinator = Marten.Events.Daemon.Coordination.IProjectionCoordinator;

namespace EDRS.Hosts.Gateway.Personas;

/// <summary>
/// Runs Marten's async daemon in this gateway, which keeps the persona directory behind
/// <c>GET /api/v1/personas</c>. Hot/cold: of several gateways on one database, one projects at a time and
/// another takes over if it stops.
/// </summary>
public static class PersonaDirectoryRegistration
{
    public static IHostApplicationBuilder AddPersonaDirectory(this IHostApplicationBuilder builder)
    {
        // What Marten's AddMarten(...).AddAsyncDaemon(DaemonMode.HotCold) registers; the AddMarten call itself
        // belongs to the shared journal wiring, which every host uses, while only the gateway runs the daemon.
        var services = builder.Services;
        services.ConfigureMarten(o => o.Projections.AsyncMode = DaemonMode.HotCold);
        services.AddSingleton<ICoordinator, Coordinator>();
        services.AddSingleton<IHostedService>(s => s.GetRequiredService<ICoordinator>());
        services.AddSingleton<IProjectionCoordinator>(s => s.GetRequiredService<ICoordinator>());
        return builder;
    }
}
