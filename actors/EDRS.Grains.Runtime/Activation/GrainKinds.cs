using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Proto;
using Proto.Cluster;

namespace EDRS.Grains.Runtime;

/// <summary>Turns grain kind registrations into the cluster kinds a member hosts: each kind's actor is a <see cref="GrainActor"/>.</summary>
public sealed class GrainKinds(IServiceProvider services, IOptions<GrainOptions> options, TimeProvider time, ILoggerFactory loggers)
{
    public ClusterKind[] ToClusterKinds(IEnumerable<GrainKindRegistration> registrations)
    {
        var logger = loggers.CreateLogger("EDRS.Grains");
        return
        [
            .. registrations
                .DistinctBy(r => r.Kind)
                .Select(r => new ClusterKind(r.Kind, Props.FromProducer(() => new GrainActor(r, services, options.Value, time, logger)))),
        ];
    }
}
