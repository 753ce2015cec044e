using EDRS.Grains.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace EDRS.Hosting.Cluster;

/// <summary>How a feature offers its grain kinds to the process: a member hosts every kind registered this way.</summary>
public static class GrainKindHosting
{
    /// <summary>Registers <paramref name="kind"/> once, however many features ask for it.</summary>
    public static IServiceCollection AddGrainKind(this IServiceCollection services, GrainKindRegistration kind)
    {
        if (!services.Any(d => d.ServiceType == typeof(GrainKindRegistration) && ReferenceEquals(d.ImplementationInstance, kind)))
            services.AddSingleton(kind);
        return services;
    }
}
