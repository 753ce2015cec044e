using EDRS.Actors.Inference;
using EDRS.Hosting.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EDRS.Hosting.Inference;

/// <summary>
/// Model configuration for every host: validated <see cref="InferenceOptions"/>, the <see cref="IModelAvailability"/>
/// edges ask before promising a reply, and the process's <see cref="ModelBackend"/> (loaded only where inference
/// grains run).
/// </summary>
public static class InferenceRegistration
{
    public static IServiceCollection AddEdrsInference(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(ModelBackend)))
            return services;
        var variableProblems = new List<string>();
        services.AddValidatedOptions<InferenceOptions>(InferenceOptions.Section, o => [.. variableProblems, .. o.Validate()])
            .Configure<IConfiguration>((options, configuration) =>
            {
                variableProblems.Clear();
                InferenceVariables.Apply(options, configuration, variableProblems);
            });
        services.TryAddSingleton<ModelBackend>();
        services.TryAddSingleton<IModelAvailability, ModelAvailability>();
        return services;
    }
}
