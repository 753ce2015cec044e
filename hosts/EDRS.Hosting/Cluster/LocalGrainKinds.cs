using EDRS.Grains.Runtime;

namespace EDRS.Hosting.Cluster;

/// <summary>
/// The grain kinds this process hosts: every kind its features registered (<see cref="GrainKindHosting.AddGrainKind"/>),
/// or none when the process only calls grains (a gateway in a cluster). Decided once at start-up. Whether any member
/// of the cluster hosts a kind is a different question: <see cref="GrainClients.IsHosted"/>.
/// </summary>
public sealed class LocalGrainKinds(IReadOnlyList<GrainKindRegistration> registrations)
{
    public IReadOnlyList<GrainKindRegistration> Registrations { get; } = registrations;

    /// <summary>True when this process hosts grains of <paramref name="kind"/>.</summary>
    public bool Hosts(string kind) => Registrations.Any(r => r.Kind == kind);
}
