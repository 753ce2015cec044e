using EDRS.Actors.Personas;
using EDRS.Actors.Quotas;
using EDRS.Hosting.Cluster;
using EDRS.Hosting.Options;
using Microsoft.Extensions.Hosting;

namespace EDRS.Hosting.Personas;

/// <summary>The persona feature: the <c>persona</c> grain kind (profiles, what it knows about people, its inbox).</summary>
public static class PersonasRegistration
{
    public static IHostApplicationBuilder AddEdrsPersonas(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<QuotaOptions>(QuotaOptions.Section, o => o.Validate());
        builder.Services.AddGrainKind(PersonaKind.Registration);
        return builder;
    }
}
