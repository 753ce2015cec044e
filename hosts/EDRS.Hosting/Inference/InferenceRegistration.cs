using EDRS.Actors.Inference;
using EDRS.Hosting.Options;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace EDRS.Hosting.Inference;

/// <summary>
/// The model ports every host uses, whichever member runs the model: validated <see cref="InferenceOptions"/>, the
/// <see cref="IModelAvailability"/> edges ask before promising a reply, and <see cref="IChatClient"/> /
/// <see cref="ITokenCounter"/> over the inference grains. The runners themselves are EDRS.Models' <c>AddEdrsModelRunners</c>.
/// </summary>
public static class InferenceRegistration
{
    public static IHostApplicationBuilder AddEdrsInferenceClient(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(IModelAvailability)))
            return builder;
        var variableProblems = new List<string>();
        services.AddValidatedOptions<InferenceOptions>(InferenceOptions.Section, o => [.. variableProblems, .. o.Validate()])
            .Configure<IConfiguration>((options, configuration) =>
            {
                variableProblems.Clear();
                InferenceVariables.Apply(options, configuration, variableProblems);
            });
        services.TryAddSingleton<IModelAvailability, ClusterModelAvailability>();
        // What grains and edges use: the model through the inference grains, wherever the cluster places them.
        services.TryAddSingleton<IChatClient, InferenceGrainChatClient>();
        services.TryAddSingleton<ITokenCounter, InferenceGrainTokenCounter>();
        return builder;
    }
}
