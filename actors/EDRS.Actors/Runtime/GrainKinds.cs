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
        // A kind asked for but never registered would be missing from the cluster silently: its calls would time out.
        var unknown = wanted?.Where(k => !Registrations.Any(r => r.Kind == k)).ToArray() ?? [];
        if (unknown.Length > 0)
            throw new InvalidOperationException($"Grain kind(s) {string.Join(", ", unknown)} are to be hosted but have no registration.");
        var logger = loggers.CreateLogger("EDRS.Grains");
        return
        [
            .. Registrations
                .Where(r => wanted is null || wanted.Contains(r.Kind))
                .Select(r => new ClusterKind(r.Kind, Props.FromProducer(() => new GrainActor(r, services, options.Value, time, logger)))),
        ];
    }
}
