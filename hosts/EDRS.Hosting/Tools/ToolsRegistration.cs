using EDRS.Actors.Tools;
using EDRS.Actors.Tools.Calling;
using EDRS.Actors.Tools.Invocation;
using EDRS.Actors.Tools.Invocation.BuiltIns;
using EDRS.Hosting.Cluster;
using EDRS.Hosting.Options;
using EDRS.Hosting.Outbound;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace EDRS.Hosting.Tools;

/// <summary>
/// The tools feature: the <c>tools</c> registry kind (one per tenant), and what this process needs to call tools — the
/// catalog of definitions, the built-in tools, secrets from configuration, and the <see cref="ToolInvoker.HttpClientName"/>
/// HTTP client whose resilience pipeline (one per tool) holds a circuit breaker and the tool's timeout; and the
/// <see cref="PersonaToolbox"/> through which personas' chat models call tools.
/// </summary>
public static class ToolsRegistration
{
    public static IHostApplicationBuilder AddEdrsTools(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(ToolInvoker)))
            return builder;
        services.AddValidatedOptions<ToolsOptions>(ToolsOptions.Section, o => o.Validate());
        services.TryAddSingleton(TimeProvider.System);
        services.AddGrainKind(ToolRegistryKind.Registration);
        services.TryAddSingleton<ISecretStore, ConfigurationSecretStore>();
        services.AddSingleton<ToolCatalog>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IBuiltInTool, CreateTaskTool>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IBuiltInTool, PublishEventTool>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IBuiltInTool, MemorySearchTool>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IBuiltInTool, KnowledgeSearchTool>());
        services.AddSingleton<BuiltInTools>();
        services.AddSingleton<ToolInvoker>();
        // The tools a persona's chat model may call, in sessions and persona steps.
        services.AddSingleton<PersonaToolbox>();
        services.AddHttpClient(ToolInvoker.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .GuardOutbound()
            .AddResilienceHandler("tool", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<ToolsOptions>>().Value;
                // Outermost the breaker, so a call that times out counts as a failure of its tool.
                pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    FailureRatio = options.BreakerFailureRatio,
                    MinimumThroughput = options.BreakerMinimumThroughput,
                    SamplingDuration = options.BreakerSamplingDuration,
                    BreakDuration = options.BreakerBreakDuration,
                });
                pipeline.AddTimeout(new HttpTimeoutStrategyOptions
                {
                    TimeoutGenerator = args => ValueTask.FromResult(args.Context.Properties.GetValue(ToolInvoker.TimeoutKey, TimeSpan.FromSeconds(ToolLimits.DefaultTimeoutSeconds))),
                });
            })
            .SelectPipelineBy(_ => ToolInvoker.PipelineKeyOf);
        return builder;
    }
}
