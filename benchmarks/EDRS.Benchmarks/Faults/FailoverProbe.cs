using System.Diagnostics;
using EDRS.Actors.Personas;
using EDRS.Grains.Contracts.Personas;
using EDRS.Grains.Runtime;
using Grpc.Core;

namespace EDRS.Benchmarks.Faults;

/// <summary>
/// Failover time, measured on purpose rather than by chance: right after a kill, for each of a sample of personas that
/// lived on the killed member, call it again and again until one call succeeds. The time from the kill to that
/// success is the persona's failover time: the cluster noticed the dead member, placed the persona elsewhere and
/// re-activated it from the journal.
/// </summary>
internal static class FailoverProbe
{
    /// <summary>
    /// Short attempts: a call already sent to the dead member is never failed by Proto.Cluster when the member is removed,
    /// it waits out its deadline; short attempts measure when the cluster can serve the persona again rather than the
    /// caller's own deadline (a caller with a 5 s deadline sees up to 5 s).
    /// </summary>
    private static readonly TimeSpan AttemptDeadline = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(60);

    /// <returns>One sample per persona (ms from <paramref name="killedAt"/>), NaN for a persona never served again within a minute.</returns>
    public static Task<double[]> MeasureAsync(GrainClients clients, IEnumerable<string> personaIds, long killedAt) =>
        Task.WhenAll(personaIds.Select(id => Task.Run(() => ProbeAsync(clients.Persona(FactLoad.Tenant, id), killedAt))));

    private static async Task<double> ProbeAsync(EDRS.Grains.Contracts.Personas.PersonaGrain.PersonaGrainClient persona, long killedAt)
    {
        while (Stopwatch.GetElapsedTime(killedAt) < GiveUpAfter)
        {
            try
            {
                await persona.GetPersonaAsync(new GetPersonaRequest(), deadline: DateTime.UtcNow + AttemptDeadline).ResponseAsync.ConfigureAwait(false);
                return Stopwatch.GetElapsedTime(killedAt).TotalMilliseconds;
            }
            catch (RpcException)
            {
                await Task.Delay(20).ConfigureAwait(false);
            }
        }
        return double.NaN;
    }
}
