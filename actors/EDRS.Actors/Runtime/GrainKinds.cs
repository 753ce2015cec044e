using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Proto;
using Proto.Cluster;

namespace EDRS.Actors.Runtime;

/// <summary>Turns grain kind registrations into the cluster kinds a member hosts.</summary>
public sealed class GrainKinds(IEnumerable<GrainKindRegistration> registrations, IServiceProvider services, IOptions<GrainOptions> options, TimeProvider time, ILoggerFactory loggers)
{
    public IReadOnlyList<GrainKindRegistration> Registrations { get; } = [.. registrations];

    public ClusterKind[] ToClusterKinds(IEnumerable<string>? onlyKinds = null)
    {
        var wanted = onlyKinds?.ToHashSet(StringComparer.Ordinal);
        var logger = loggers.CreateLogger("EDRS.Grains");
        return
        [
            .. Registrations
                .Where(r => wanted is null || wanted.Contains(r.Kind))
                .Select(r => new ClusterKind(r.Kind, Props.FromProducer(() => new GrainActor(r, services, options.Value, time, logger)))),
        ];
    }
}
