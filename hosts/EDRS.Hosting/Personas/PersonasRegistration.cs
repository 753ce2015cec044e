using EDRS.Actors.Personas;
using EDRS.Hosting.Cluster;
using Microsoft.Extensions.Hosting;

namespace EDRS.Hosting.Personas;

/// <summary>The persona feature: the <c>persona</c> grain kind (profiles, what it knows about people, its inbox).</summary>
public static class PersonasRegistration
{
    public static IHostApplicationBuilder AddEdrsPersonas(this IHostApplicationBuilder builder)
    {
        builder.Services.AddGrainKind(PersonaKind.Registration);
        return builder;
    }
}
