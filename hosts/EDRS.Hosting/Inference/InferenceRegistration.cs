using EDRS.Actors.Inference;
using EDRS.Hosting.Options;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EDRS.Hosting.Inference;

/// <summary>
/// Model configuration for every host: validated <see cref="InferenceOptions"/>, the <see cref="IModelAvailability"/>
/// edges ask before promising a reply, the process's <see cref="ModelBackend"/> (loaded only where inference
/// grains run), and the ports callers use — <see cref="IChatClient"/> and <see cref="ITokenCounter"/> over the
/// inference grains.
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
        services.TryAddSingleton<IModelAvailability, ClusterModelAvailability>();
        // What grains and edges use: the model through the inference grains, wherever the cluster places them.
        services.TryAddSingleton<IChatClient, InferenceGrainChatClient>();
        services.TryAddSingleton<ITokenCounter, InferenceGrainTokenCounter>();
        return services;
    }
}
