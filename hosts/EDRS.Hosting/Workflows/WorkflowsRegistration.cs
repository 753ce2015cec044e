using EDRS.Actors.Inbound.Ingestion;
using EDRS.Actors.Workflows;
using EDRS.Actors.Workflows.Registry;
using EDRS.Actors.Workflows.Triggers;
using EDRS.Hosting.Cluster;
using EDRS.Hosting.Inference;
using EDRS.Hosting.Options;
using EDRS.Hosting.Reminders;
using EDRS.Hosting.Tools;
using EDRS.Persistence;
using EDRS.Persistence.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EDRS.Hosting.Workflows;

/// <summary>
/// The workflow feature: the <c>workflow-registry</c> kind (templates, one per tenant), the <c>workflow</c> kind (one per
/// run) with the reminders that wake it at due times and after a crash, the tools its tool steps call, the model its
/// persona steps ask, and the triggers that start templates for inbound events.
/// </summary>
public static class WorkflowsRegistration
{
    public static IHostApplicationBuilder AddEdrsWorkflows(this IHostApplicationBuilder builder)
    {
        builder.AddEdrsReminders();
        builder.AddEdrsTools();
        // Persona steps ask the model through the inference grains, wherever the cluster places them.
        builder.AddEdrsInferenceClient();
        builder.Services.AddGrainKind(WorkflowRegistryKind.Registration);
        builder.Services.AddGrainKind(WorkflowKind.Registration);
        builder.Services.AddReminderTarget<WorkflowReminderTarget>();
        // Templates with a trigger start for inbound events of their type (wherever events come in).
        builder.Services.AddValidatedOptions<WorkflowsOptions>(WorkflowsOptions.Section, o => o.Validate());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IInboundEventReaction, WorkflowTriggers>());
        // Signal steps waiting for an inbound event: runs record their waits, events carrying a correlation id find them.
        builder.Services.TryAddSingleton(sp => new WorkflowEventWaitStore(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<IOptions<JournalOptions>>().Value));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IInboundEventReaction, WorkflowEventSignals>());
        return builder;
    }
}
